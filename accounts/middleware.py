# The middleware lives with the two-factor views it guards.
from accounts.two_factor import TwoFactorRequiredMiddleware

__all__ = ["TwoFactorRequiredMiddleware"]
