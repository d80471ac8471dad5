"""The sandbox's six Socket.IO paths: HIA uplink, rooms, SSR delivery, router, ping.

Modules, one job each: channels (paths and room names), handshake (tokens and connect
parameters), sensor_info (the HIA's sensors_info header), uplink (checking `pipeline`
packets), brainwaves (band power of EEG streams), servers (the six AsyncServers and
their rooms), hia (the /hia path), rooms (the five listening paths), heartbeat (`ping`),
layer (attaching it all to the aiohttp application).
"""

from .layer import LIVE_KEY, LiveLayer, attach_live

__all__ = ["LIVE_KEY", "LiveLayer", "attach_live"]
