"""The sandbox's six Socket.IO paths: HIA uplink, rooms, SSR delivery, router, ping."""
