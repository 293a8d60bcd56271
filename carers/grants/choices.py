"""Choices for breaks, grants and vouchers."""

from django.db import models


class GrantKind(models.TextChoices):
    LEISURE_LEARNING = "leisure_learning", "Leisure and Learning grant"
    LIFE_OF_YOUR_OWN = "life_of_your_own", "Life of Your Own grant"
    DIRECT_PAYMENT = "direct_payment", "Direct payment to the carer"
    BREAKS_GRANT = "breaks_grant", "Carers breaks grant"
    TAKE_A_BREAK = "take_a_break", "Take a Break vouchers (sitting service)"


# Kinds awarded as a number of vouchers rather than an amount of money.
VOUCHER_KINDS = {GrantKind.TAKE_A_BREAK}


class GrantStatus(models.TextChoices):
    APPLIED = "applied", "Applied, awaiting decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", "Bank transfer (BACS)"
    CHEQUE = "cheque", "Cheque"
    PREPAID_CARD = "prepaid_card", "Prepaid card"
    DIRECT_PAYMENT = "direct_payment", "Direct payment account"
    PAID_TO_PROVIDER = "paid_to_provider", "Paid to the provider"
    VOUCHERS = "vouchers", "Vouchers"
