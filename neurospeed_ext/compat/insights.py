"""The published `Insight_User_Handler`: one thin call over `client.insights` per method.

Same names, parameters and order as the published handler. Dates may be
`datetime.date` or `YYYY-MM-DD` text; `boundry` (sic) is "hour" or "day"; `user_id` is
None with a user's auth and names the user with a customer's (see `get_user_id`).
Answers are the server's JSON, whose shapes the API does not document.
"""

from __future__ import annotations

import datetime

import neurospeed_api as ns

from .auth import AuthHandler
from .util import ApiConfigArgument
from .wire import as_date, client_for

DateArgument = datetime.date | str
DEFAULT_INSIGHT = "output$neurobrave_stress2"


class Insight_User_Handler:  # the published package's name
    """A user's cognitive insights, for a user's or a customer's auth."""

    def __init__(self, auth: AuthHandler, api_config: ApiConfigArgument = None) -> None:
        self._api = client_for(auth, api_config).insights

    def get_user_insights(self, user_id: int | None = None) -> ns.JsonValue:
        return self._api.get(user_id=user_id)

    def get_user_alltime_insights(
        self,
        start_date: DateArgument,
        end_date: DateArgument,
        insight_type: str = DEFAULT_INSIGHT,
        boundry: str = "hour",
        user_id: int | None = None,
    ) -> ns.JsonValue:
        return self._api.alltime(
            user_id=user_id,
            start_date=as_date(start_date, "start_date"),
            end_date=as_date(end_date, "end_date"),
            boundary=ns.InsightBoundary(boundry),
            insight_path=insight_type,
        )

    def get_user_insights_stats(
        self,
        daily_date: DateArgument,
        insight_type: str = DEFAULT_INSIGHT,
        boundry: str = "day",
        user_id: int | None = None,
    ) -> ns.JsonValue:
        return self._api.daily_stats(
            user_id=user_id,
            daily_date=as_date(daily_date, "daily_date"),
            time_type=ns.InsightBoundary(boundry),
            insight_id=insight_type,
        )

    def get_user_all_insights_stats(
        self,
        daily_date: DateArgument,
        insight_type: str = DEFAULT_INSIGHT,
        boundry: str = "day",
        user_id: int | None = None,
    ) -> ns.JsonValue:
        return self._api.all_daily_stats(
            user_id=user_id,
            daily_date=as_date(daily_date, "daily_date"),
            time_type=ns.InsightBoundary(boundry),
            insight_id=insight_type,
        )

    def get_user_stress_baseline(
        self, insight_type: str = DEFAULT_INSIGHT, user_id: int | None = None
    ) -> ns.JsonValue:
        return self._api.stress_baseline(user_id=user_id, insight_id=insight_type)

    # -- one day, with the user's timezone ---------------------------------------------

    def get_user_daily_stress(
        self, daily_date: DateArgument, timezone: str | None = None, user_id: int | None = None
    ) -> ns.JsonValue:
        day = as_date(daily_date, "daily_date")
        return self._api.daily_stress(user_id=user_id, daily_date=day, local_timezone=timezone)

    def get_user_battery(
        self, daily_date: DateArgument, timezone: str | None = None, user_id: int | None = None
    ) -> ns.JsonValue:
        day = as_date(daily_date, "daily_date")
        return self._api.battery(user_id=user_id, daily_date=day, local_timezone=timezone)

    def get_user_hourly_insights(
        self, daily_date: DateArgument, timezone: str | None = None, user_id: int | None = None
    ) -> ns.JsonValue:
        day = as_date(daily_date, "daily_date")
        return self._api.hourly_insights(user_id=user_id, daily_date=day, local_timezone=timezone)

    def get_user_history_hourly_insights(
        self, timezone: str | None = None, user_id: int | None = None
    ) -> ns.JsonValue:
        return self._api.history_hourly_insights(user_id=user_id, local_timezone=timezone)

    # -- the week of a day -------------------------------------------------------------

    def get_weekly_stress_average(
        self, daily_date: DateArgument, timezone: str | None = None, user_id: int | None = None
    ) -> ns.JsonValue:
        day = as_date(daily_date, "daily_date")
        return self._api.weekly_stress_average(
            user_id=user_id, daily_date=day, local_timezone=timezone
        )

    def get_weekly_stress_change(
        self, daily_date: DateArgument, timezone: str | None = None, user_id: int | None = None
    ) -> ns.JsonValue:
        day = as_date(daily_date, "daily_date")
        return self._api.weekly_stress_change(
            user_id=user_id, daily_date=day, local_timezone=timezone
        )

    def get_weekly_stress_index(
        self, daily_date: DateArgument, timezone: str | None = None, user_id: int | None = None
    ) -> ns.JsonValue:
        day = as_date(daily_date, "daily_date")
        return self._api.weekly_stress_index(
            user_id=user_id, daily_date=day, local_timezone=timezone
        )

    def get_weekly_stressful_time(
        self, daily_date: DateArgument, timezone: str | None = None, user_id: int | None = None
    ) -> ns.JsonValue:
        day = as_date(daily_date, "daily_date")
        return self._api.weekly_stressful_time(
            user_id=user_id, daily_date=day, local_timezone=timezone
        )

    def get_weekly_quiet_time(
        self, daily_date: DateArgument, timezone: str | None = None, user_id: int | None = None
    ) -> ns.JsonValue:
        day = as_date(daily_date, "daily_date")
        return self._api.weekly_quiet_time(user_id=user_id, daily_date=day, local_timezone=timezone)

    def get_weekly_best_sleep(
        self, daily_date: DateArgument, user_id: int | None = None
    ) -> ns.JsonValue:
        return self._api.weekly_best_sleep(
            user_id=user_id, daily_date=as_date(daily_date, "daily_date")
        )

    def get_weekly_worst_sleep(
        self, daily_date: DateArgument, user_id: int | None = None
    ) -> ns.JsonValue:
        return self._api.weekly_worst_sleep(
            user_id=user_id, daily_date=as_date(daily_date, "daily_date")
        )

    def get_first_day_of_the_week(self, user_id: int | None = None) -> ns.JsonValue:
        return self._api.get_first_day_of_week(user_id=user_id)

    def set_first_day_of_the_week(
        self, first_day_of_week: ns.JsonValue, user_id: int | None = None
    ) -> ns.JsonValue:
        return self._api.set_first_day_of_week(user_id=user_id, first_day_of_week=first_day_of_week)

    # -- the calendar: six months back from a day --------------------------------------

    def get_calendar_stress_graph(
        self, todays_date: DateArgument, user_id: int | None = None
    ) -> ns.JsonValue:
        today = as_date(todays_date, "todays_date")
        return self._api.calendar_stress_graph(user_id=user_id, todays_date=today)

    def get_dates_of_last_6_month_without_stress(
        self, todays_date: DateArgument, user_id: int | None = None
    ) -> ns.JsonValue:
        today = as_date(todays_date, "todays_date")
        return self._api.dates_without_stress(user_id=user_id, todays_date=today)

    def get_dates_of_last_6_month_with_stress(
        self, todays_date: DateArgument, user_id: int | None = None
    ) -> ns.JsonValue:
        today = as_date(todays_date, "todays_date")
        return self._api.dates_with_stress(user_id=user_id, todays_date=today)

    def calculate_daily_stress_for_6_month(
        self, todays_date: DateArgument, user_id: int | None = None
    ) -> ns.JsonValue:
        today = as_date(todays_date, "todays_date")
        return self._api.calculate_daily_stress(user_id=user_id, todays_date=today)
