"""The upstream path: an HIA's samples queued, rate-limited, split and sent over /hia."""
