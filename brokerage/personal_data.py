"""Brokerage's models that hold data about a carer or a person they care for (carers.personal_data
explains the declaration). Budgets sit on the carer's record and move with it on a merge; the rest
belongs to a budget and follows it."""

from carers.personal_data import Merge, PersonalRecord, declare, erased_if_set

declare(
    PersonalRecord(
        "brokerage.PersonalBudget",
        carer_path="carer",
        merge=Merge.MOVE,
        anonymise={"notes": erased_if_set("notes")},
        export="personal_budgets",
        export_order=("start_on", "pk"),
        export_related=("ras_band",),
        export_extra=lambda budget: {"ras_band": str(budget.ras_band), "method_label": budget.get_method_display()},
    ),
    PersonalRecord(
        "brokerage.CallOff",
        carer_path="personal_budget__carer",
        merge=Merge.FOLLOWS,
        anonymise={
            "needs_summary": erased_if_set("needs_summary"),
            "quality_questions": erased_if_set("quality_questions"),
        },
        export="call_offs",
        export_order=("created_at", "pk"),
    ),
    PersonalRecord(
        "brokerage.Bid",
        carer_path="calloff__personal_budget__carer",
        merge=Merge.FOLLOWS,
        anonymise={"suitability_reason": erased_if_set("suitability_reason")},
        export="bids",
        export_order=("received_at", "pk"),
        export_related=("provider",),
        export_extra=lambda bid: {"provider_name": str(bid.provider)},
    ),
    PersonalRecord(
        "brokerage.CarePackage",
        carer_path="personal_budget__carer",
        merge=Merge.FOLLOWS,
        anonymise={"choice_reason": erased_if_set("choice_reason")},
        export="care_packages",
        export_order=("start_on", "pk"),
        export_related=("provider",),
        export_extra=lambda package: {"provider_name": str(package.provider)},
    ),
    PersonalRecord(
        "brokerage.PackageReview",
        carer_path="package__personal_budget__carer",
        merge=Merge.FOLLOWS,
        anonymise={"on_hold_reason": erased_if_set("on_hold_reason")},
        export="package_reviews",
        export_order=("reviewed_on", "pk"),
    ),
    PersonalRecord(
        "brokerage.PackageTransfer",
        carer_path="package__personal_budget__carer",
        merge=Merge.FOLLOWS,
        # Each reason is typed by the officer and may say something about the person.
        anonymise={
            "choice_reason": erased_if_set("choice_reason"),
            "reschedule_reason": erased_if_set("reschedule_reason"),
            "cancel_reason": erased_if_set("cancel_reason"),
        },
        export="package_transfers",
        export_order=("transfer_on", "pk"),
        export_related=("plan", "from_provider", "to_provider"),
        export_extra=lambda transfer: {
            "plan_name": str(transfer.plan),
            "from_provider_name": str(transfer.from_provider),
            "to_provider_name": str(transfer.to_provider or ""),
        },
    ),
    PersonalRecord(
        "brokerage.ProviderReturn",
        carer_path="package__personal_budget__carer",
        merge=Merge.FOLLOWS,
        export="provider_returns",
        export_order=("period_start", "pk"),
    ),
    PersonalRecord(
        "brokerage.BidQuestionScore",
        carer_path="bid__calloff__personal_budget__carer",
        merge=Merge.FOLLOWS,
        # The question was set with the person and may say something about them.
        anonymise={"question": erased_if_set("question"), "comment": erased_if_set("comment")},
        export="bid_question_scores",
        export_order=("bid_id", "number"),
    ),
)
