"""The customer's users, access flags and details."""

from neurospeed_ext.compat.account import (
    Customer_Account_Manager,
)

__all__ = [
    "Customer_Account_Manager",
]
