"""The published insight macros: `auth` is a customer's (then `username` names the user)
or a user's own. Each checks the insight access flag first (AccessDeniedError, where the
published macros printed and returned None), then makes one call of
`Insight_User_Handler`; the parameters and their order are the published ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import neurospeed_api as ns

from .auth import Auth_AS_Customer_handler, AuthHandler
from .errors import AccessDeniedError
from .insights import DEFAULT_INSIGHT, DateArgument, Insight_User_Handler
from .util import ApiConfigArgument
from .wire import client_for

Handler = Insight_User_Handler


def _insight(
    auth: AuthHandler,
    username: str | None,
    api_config: ApiConfigArgument,
    method: Callable[..., ns.JsonValue],
    *args: Any,
) -> ns.JsonValue:
    """Check access, find the user's id (customer auth), call `method` of the handler."""
    client = client_for(auth, api_config)
    if not client.customers.insight_access():
        raise AccessDeniedError("the customer account has no access to insights")
    user_id: int | None = None
    if isinstance(auth, Auth_AS_Customer_handler):
        if not username:
            raise ValueError("username is required with a customer's auth")
        user_id = client.users.get(username).id
    return method(Insight_User_Handler(auth, api_config), *args, user_id=user_id)


def get_user_insights(
    auth: AuthHandler, username: str | None = None, api_config: ApiConfigArgument = None
) -> ns.JsonValue:
    return _insight(auth, username, api_config, Handler.get_user_insights)


def get_user_alltime_insights(
    auth: AuthHandler,
    start_date: DateArgument,
    end_date: DateArgument,
    username: str | None = None,
    insight_type: str = DEFAULT_INSIGHT,
    boundry: str = "hour",
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_user_alltime_insights
    return _insight(auth, username, api_config, method, start_date, end_date, insight_type, boundry)


def get_user_insights_stats(
    auth: AuthHandler,
    daily_date: DateArgument,
    username: str | None = None,
    insight_type: str = DEFAULT_INSIGHT,
    boundry: str = "day",
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_user_insights_stats
    return _insight(auth, username, api_config, method, daily_date, insight_type, boundry)


def get_user_all_insights_stats(
    auth: AuthHandler,
    daily_date: DateArgument,
    username: str | None = None,
    insight_type: str = DEFAULT_INSIGHT,
    boundry: str = "day",
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_user_all_insights_stats
    return _insight(auth, username, api_config, method, daily_date, insight_type, boundry)


def get_user_stress_baseline(
    auth: AuthHandler,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
    insight_type: str = DEFAULT_INSIGHT,
) -> ns.JsonValue:
    method = Handler.get_user_stress_baseline
    return _insight(auth, username, api_config, method, insight_type)


def get_user_daily_stress(
    auth: AuthHandler,
    daily_date: DateArgument,
    timezone: str | None = None,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_user_daily_stress
    return _insight(auth, username, api_config, method, daily_date, timezone)


def get_user_battery(
    auth: AuthHandler,
    daily_date: DateArgument,
    timezone: str | None = None,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    return _insight(auth, username, api_config, Handler.get_user_battery, daily_date, timezone)


def get_user_hourly_insights(
    auth: AuthHandler,
    daily_date: DateArgument,
    timezone: str | None = None,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_user_hourly_insights
    return _insight(auth, username, api_config, method, daily_date, timezone)


def get_user_history_hourly_insights(
    auth: AuthHandler,
    timezone: str | None = None,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_user_history_hourly_insights
    return _insight(auth, username, api_config, method, timezone)


def get_weekly_stress_average(
    auth: AuthHandler,
    daily_date: DateArgument,
    timezone: str | None = None,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_weekly_stress_average
    return _insight(auth, username, api_config, method, daily_date, timezone)


def get_weekly_stress_change(
    auth: AuthHandler,
    daily_date: DateArgument,
    timezone: str | None = None,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_weekly_stress_change
    return _insight(auth, username, api_config, method, daily_date, timezone)


def get_weekly_stress_index(
    auth: AuthHandler,
    daily_date: DateArgument,
    timezone: str | None = None,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_weekly_stress_index
    return _insight(auth, username, api_config, method, daily_date, timezone)


def get_weekly_best_sleep(
    auth: AuthHandler,
    daily_date: DateArgument,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    return _insight(auth, username, api_config, Handler.get_weekly_best_sleep, daily_date)


def get_weekly_worst_sleep(
    auth: AuthHandler,
    daily_date: DateArgument,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    return _insight(auth, username, api_config, Handler.get_weekly_worst_sleep, daily_date)


def get_weekly_stressful_time(
    auth: AuthHandler,
    daily_date: DateArgument,
    timezone: str | None = None,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_weekly_stressful_time
    return _insight(auth, username, api_config, method, daily_date, timezone)


def get_weekly_quiet_time(
    auth: AuthHandler,
    daily_date: DateArgument,
    timezone: str | None = None,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_weekly_quiet_time
    return _insight(auth, username, api_config, method, daily_date, timezone)


def get_first_day_of_the_week(
    auth: AuthHandler, username: str | None = None, api_config: ApiConfigArgument = None
) -> ns.JsonValue:
    return _insight(auth, username, api_config, Handler.get_first_day_of_the_week)


def set_first_day_of_the_week(
    auth: AuthHandler,
    first_day_of_week: ns.JsonValue,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.set_first_day_of_the_week
    return _insight(auth, username, api_config, method, first_day_of_week)


def get_calendar_stress_graph(
    auth: AuthHandler,
    todays_date: DateArgument,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    return _insight(auth, username, api_config, Handler.get_calendar_stress_graph, todays_date)


def get_dates_of_last_6_month_without_stress(
    auth: AuthHandler,
    todays_date: DateArgument,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_dates_of_last_6_month_without_stress
    return _insight(auth, username, api_config, method, todays_date)


def get_dates_of_last_6_month_with_stress(
    auth: AuthHandler,
    todays_date: DateArgument,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.get_dates_of_last_6_month_with_stress
    return _insight(auth, username, api_config, method, todays_date)


def calculate_daily_stress_for_6_month(
    auth: AuthHandler,
    todays_date: DateArgument,
    username: str | None = None,
    api_config: ApiConfigArgument = None,
) -> ns.JsonValue:
    method = Handler.calculate_daily_stress_for_6_month
    return _insight(auth, username, api_config, method, todays_date)
