"""Read use-cases of brokerage: lists shaped for their pages, the bid comparison (scores, totals
and rank computed in the database), monitoring totals, the review outcomes grid, and the package
costs `budgets` reads as commitments."""

from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Rank
from django.utils import timezone

from brokerage import choices as b
from brokerage.models import (
    Bid,
    CallOff,
    CarePackage,
    Framework,
    PackageReview,
    PackageTransfer,
    PersonalBudget,
    ProviderApplication,
    ProviderReturn,
    TransferPlan,
)

MONEY = DecimalField(max_digits=14, decimal_places=2)
SCORE = DecimalField(max_digits=9, decimal_places=4)
ZERO = Value(Decimal("0"), output_field=MONEY)


def budget_list(user) -> QuerySet[PersonalBudget]:
    return PersonalBudget.objects.visible_to(user).select_related("carer", "cared_for", "ras_band")


def framework_list(user) -> QuerySet[Framework]:
    return (
        Framework.objects.visible_to(user)
        .prefetch_related("categories")
        .annotate(
            admitted=Count("applications", filter=Q(applications__status=b.ApplicationStatus.ADMITTED), distinct=True)
        )
    )


def application_list(user) -> QuerySet[ProviderApplication]:
    return (
        ProviderApplication.objects.visible_to(user)
        .select_related("framework", "provider", "window", "decided_by")
        .prefetch_related("categories")
    )


def admitted_providers(framework: Framework) -> list[dict]:
    """Admitted providers per category, with the date each was admitted (one query)."""
    rows = (
        ProviderApplication.categories.through.objects.filter(
            providerapplication__framework=framework,
            providerapplication__status=b.ApplicationStatus.ADMITTED,
        )
        .values(
            "serviceline__name",
            "providerapplication__provider_id",
            "providerapplication__provider__name",
            "providerapplication__decided_on",
        )
        .order_by("serviceline__name", "providerapplication__provider__name")
    )
    return [
        {
            "category": row["serviceline__name"],
            "provider_id": row["providerapplication__provider_id"],
            "provider": row["providerapplication__provider__name"],
            "admitted_on": row["providerapplication__decided_on"],
        }
        for row in rows
    ]


def calloff_list(user) -> QuerySet[CallOff]:
    return (
        CallOff.objects.visible_to(user)
        .select_related("framework", "category", "area")
        .annotate(bid_count=Count("bids", distinct=True))
    )


def _lowest_compliant_price():
    """The lowest price among the call-off's bids not marked unsuitable (a subquery, so that the
    scores it feeds can be ranked by a window function)."""
    return Subquery(
        Bid.objects.filter(calloff=OuterRef("calloff"))
        .exclude(suitable=False)
        .order_by()
        .values("calloff")
        .annotate(low=Min("weekly_price"))
        .values("low")[:1],
        output_field=MONEY,
    )


def scored_bids(queryset: QuerySet[Bid]) -> QuerySet[Bid]:
    """Bids with their cost points, quality points, weighted total and rank within the call-off.

    Cost: the call-off's formula — lowest compliant price ÷ this price (full marks to the lowest),
    or full marks at or under the indicative budget and budget ÷ price above it — times the cost
    weighting. Quality: the evaluator's score (0–100) times the quality weighting ÷ 100."""
    cost_weight = F("calloff__cost_weight")
    price = F("weekly_price")
    pro_rata = ExpressionWrapper(Coalesce(_lowest_compliant_price(), price) * cost_weight / price, output_field=SCORE)
    budget = F("calloff__indicative_weekly_budget")
    relative = Case(
        When(weekly_price__lte=budget, then=ExpressionWrapper(cost_weight * Value(Decimal("1")), output_field=SCORE)),
        default=ExpressionWrapper(budget * cost_weight / price, output_field=SCORE),
        output_field=SCORE,
    )
    cost_points = Case(
        When(calloff__cost_formula=b.CostFormula.RELATIVE_TO_BUDGET, then=relative),
        default=pro_rata,
        output_field=SCORE,
    )
    quality_points = ExpressionWrapper(
        Coalesce(F("quality_score"), Value(Decimal("0"))) * F("calloff__quality_weight") / Value(Decimal("100")),
        output_field=SCORE,
    )
    return queryset.annotate(cost_points=cost_points, quality_points=quality_points).annotate(
        total_score=ExpressionWrapper(F("cost_points") + F("quality_points"), output_field=SCORE),
    )


def ranked_bids(calloff: CallOff) -> QuerySet[Bid]:
    """A call-off's bids for the comparison page: scored, ranked (1 = highest total) in SQL, with
    the provider; a constant number of queries however many bids there are."""
    bids = scored_bids(
        Bid.objects.filter(calloff=calloff)
        .select_related("provider", "calloff", "checked_by", "package")
        .prefetch_related("question_scores")
    )
    return bids.annotate(rank=Window(Rank(), order_by=F("total_score").desc())).order_by("rank", "weekly_price", "id")


def package_list(user) -> QuerySet[CarePackage]:
    return CarePackage.objects.visible_to(user).select_related(
        "provider", "category", "framework", "personal_budget", "personal_budget__carer", "personal_budget__cared_for"
    )


def with_spend(queryset: QuerySet[CarePackage]) -> QuerySet[CarePackage]:
    """Packages with the budget they draw on, the weekly difference (cost − budget) and a flag:
    over (cost above budget), under (below UNDER_SPEND_BELOW % of it) or within."""
    budget = F("personal_budget__agreed_weekly")
    return queryset.annotate(
        budget_weekly=budget,
        weekly_variance=ExpressionWrapper(F("weekly_cost") - budget, output_field=MONEY),
        spend_flag=Case(
            When(weekly_cost__gt=budget, then=Value(b.SpendFlag.OVER)),
            When(
                weekly_cost__lt=ExpressionWrapper(
                    budget * Value(Decimal(b.UNDER_SPEND_BELOW) / 100), output_field=MONEY
                ),
                then=Value(b.SpendFlag.UNDER),
            ),
            default=Value(b.SpendFlag.WITHIN),
        ),
    )


def package_costs(user) -> QuerySet[CarePackage]:
    """Package costs without the person (finance officers and commissioners read these)."""
    return with_spend(
        CarePackage.objects.visible_to(user).select_related("provider", "category").defer("choice_reason")
    )


def monitoring_summary(user) -> dict:
    """Totals of active packages (count, providers, hours a week, weekly and annual cost, budget),
    the over/under-spend counts, and the same per provider — all summed in the database."""
    active = CarePackage.objects.visible_to(user).filter(status=b.PackageStatus.ACTIVE)
    totals = active.aggregate(
        packages=Count("id"),
        providers=Count("provider", distinct=True),
        hours=Coalesce(Sum("hours_per_week"), Value(Decimal("0"))),
        weekly=Coalesce(Sum("weekly_cost"), ZERO),
        weekly_budget=Coalesce(Sum("personal_budget__agreed_weekly"), ZERO),
        over=Count("id", filter=Q(weekly_cost__gt=F("personal_budget__agreed_weekly"))),
        under=Count(
            "id",
            filter=Q(weekly_cost__lt=F("personal_budget__agreed_weekly") * Value(Decimal(b.UNDER_SPEND_BELOW) / 100)),
        ),
    )
    totals["annual_cost"] = totals["weekly"] * b.WEEKS_A_YEAR
    providers = (
        active.order_by()
        .values("provider_id", "provider__name")
        .annotate(
            packages=Count("id"),
            hours=Sum("hours_per_week"),
            weekly=Sum("weekly_cost"),
            weekly_budget=Sum("personal_budget__agreed_weekly"),
            over=Count("id", filter=Q(weekly_cost__gt=F("personal_budget__agreed_weekly"))),
        )
        .annotate(annual_cost=ExpressionWrapper(F("weekly") * b.WEEKS_A_YEAR, output_field=MONEY))
        .order_by("-weekly", "provider__name")
    )
    returns = returns_summary(user)
    providers = list(providers)
    for row in providers:
        row["returns"] = returns["by_provider"].get(row["provider_id"]) or _flagged(
            {"planned_hours": None, "delivered_hours": None, "planned_cost": None, "actual_cost": None, "returns": 0}
        )
    return {"totals": totals, "providers": providers, "returns": returns["totals"]}


def review_summary(user) -> dict:
    """The review outcomes grid (seed 001's accelerated review): how many reviews had each outcome,
    the total reviewed (not on hold), on hold, chose brokerage, and the annual saving."""
    reviews = PackageReview.objects.visible_to(user)
    counts = dict(reviews.order_by().values_list("outcome").annotate(n=Count("id")))
    figures = reviews.aggregate(
        chose_brokerage=Count("id", filter=Q(chose_brokerage=True)),
        weekly_saving=Coalesce(Sum(F("weekly_cost_before") - F("weekly_cost_after"), output_field=MONEY), ZERO),
    )
    rows = [(outcome.label, counts.get(outcome.value, 0)) for outcome in b.ReviewOutcome if outcome != "on_hold"]
    return {
        "rows": rows,
        "reviewed": sum(n for _, n in rows),
        "on_hold": counts.get(b.ReviewOutcome.ON_HOLD, 0),
        "chose_brokerage": figures["chose_brokerage"],
        "annual_saving": figures["weekly_saving"] * b.WEEKS_A_YEAR,
    }


def reviews_due(user, *, within_days: int = 28) -> QuerySet[CarePackage]:
    today = timezone.localdate()
    return CarePackage.objects.visible_to(user).filter(
        status=b.PackageStatus.ACTIVE, review_on__lte=today + timezone.timedelta(days=within_days)
    )


def package_commitments(*, organisation_id: int) -> list[dict]:
    """Public function for `budgets`: the annual cost of a council's active care packages per
    service line (their category), summed in the database: [{"service_line_id", "service_line",
    "packages", "annual_cost"}]."""
    rows = (
        CarePackage.objects.filter(organisation_id=organisation_id, status=b.PackageStatus.ACTIVE)
        .order_by()
        .values("category_id", "category__name")
        .annotate(packages=Count("id"), weekly=Sum("weekly_cost"))
        .order_by("category__name")
    )
    return [
        {
            "service_line_id": row["category_id"],
            "service_line": row["category__name"],
            "packages": row["packages"],
            "annual_cost": row["weekly"] * b.WEEKS_A_YEAR,
        }
        for row in rows
    ]


def bid_list(user) -> QuerySet[Bid]:
    """Every bid the user may see, scored and ranked within its own call-off."""
    bids = scored_bids(
        Bid.objects.visible_to(user).select_related("provider", "calloff").prefetch_related("question_scores")
    )
    return bids.annotate(rank=Window(Rank(), partition_by=F("calloff_id"), order_by=F("total_score").desc()))


def review_list(user) -> QuerySet[PackageReview]:
    return PackageReview.objects.visible_to(user).annotate(
        yearly_saving=ExpressionWrapper(
            (F("weekly_cost_before") - F("weekly_cost_after")) * b.WEEKS_A_YEAR, output_field=MONEY
        )
    )


def transfer_plan_list(user) -> QuerySet[TransferPlan]:
    """Transfer plans with their rows counted by status (in SQL)."""
    return (
        TransferPlan.objects.visible_to(user)
        .select_related("framework", "from_framework")
        .annotate(
            rows=Count("transfers"),
            planned=Count("transfers", filter=Q(transfers__status=b.TransferStatus.PLANNED)),
        )
    )


def transfer_list(user) -> QuerySet[PackageTransfer]:
    """Transfer rows with their plan, package, providers and category (no person: the rows name the
    package by its reference)."""
    return PackageTransfer.objects.visible_to(user).select_related(
        "plan__framework", "plan__from_framework", "package__category", "from_provider", "to_provider"
    )


def transfer_candidates(
    user, *, framework: Framework, from_framework=None, from_provider=None
) -> QuerySet[CarePackage]:
    """The packages a bulk transfer plan moves: active, of the old framework (None: of no
    framework), with `from_provider` when one is named, in one of the new framework's categories,
    not on it already and not planned to transfer already; oldest reference first."""
    packages = transferable_packages(user).filter(category__in=framework.categories.all()).exclude(framework=framework)
    if from_framework is None:
        packages = packages.filter(framework__isnull=True)
    else:
        packages = packages.filter(framework=from_framework)
    if from_provider is not None:
        packages = packages.filter(provider=from_provider)
    return packages.order_by("pk")


def transferable_packages(user) -> QuerySet[CarePackage]:
    """Active packages not planned to transfer already (the choices of a new transfer plan)."""
    return (
        CarePackage.objects.visible_to(user)
        .filter(status=b.PackageStatus.ACTIVE)
        .exclude(transfers__status=b.TransferStatus.PLANNED)
        .select_related("provider", "category", "framework")
    )


# --- Provider returns: planned vs delivered -------------------------------------------------------

TOLERANCE = Decimal(b.DELIVERY_TOLERANCE) / 100
UNDER_SHARE = Decimal(b.UNDER_SPEND_BELOW) / 100


def delivery_flag(planned, delivered) -> str:
    """Under, over or as planned: delivered hours more than DELIVERY_TOLERANCE % from the planned."""
    if planned is None or delivered is None:
        return b.DeliveryFlag.NO_RETURNS
    if delivered < planned * (1 - TOLERANCE):
        return b.DeliveryFlag.UNDER
    if delivered > planned * (1 + TOLERANCE):
        return b.DeliveryFlag.OVER
    return b.DeliveryFlag.AS_PLANNED


def return_spend_flag(planned_cost, actual_cost) -> str:
    """Over (actual above planned cost), under (below UNDER_SPEND_BELOW % of it) or within."""
    if planned_cost is None or actual_cost is None:
        return b.DeliveryFlag.NO_RETURNS
    if actual_cost > planned_cost:
        return b.SpendFlag.OVER
    if actual_cost < planned_cost * UNDER_SHARE:
        return b.SpendFlag.UNDER
    return b.SpendFlag.WITHIN


def _returns_sum(field: str):
    """The sum of `field` over the package's returns (NULL when it has none); a subquery, so that it
    composes with the other annotations without multiplying rows."""
    return Subquery(
        ProviderReturn.objects.filter(package=OuterRef("pk"))
        .order_by()
        .values("package")
        .annotate(total=Sum(field))
        .values("total")[:1],
        output_field=MONEY,
    )


def with_returns(queryset: QuerySet[CarePackage]) -> QuerySet[CarePackage]:
    """Packages with their returns summed (planned and delivered hours, planned and actual cost) and
    the under/over-delivery and under/over-spend flags those sums give (as delivery_flag and
    return_spend_flag say, in SQL)."""
    planned = F("returns_planned_hours")
    planned_cost = F("returns_planned_cost")
    return queryset.annotate(
        returns_planned_hours=_returns_sum("planned_hours"),
        returns_delivered_hours=_returns_sum("delivered_hours"),
        returns_planned_cost=_returns_sum("planned_cost"),
        returns_actual_cost=_returns_sum("actual_cost"),
    ).annotate(
        delivery_flag=Case(
            When(returns_planned_hours__isnull=True, then=Value(b.DeliveryFlag.NO_RETURNS)),
            When(returns_delivered_hours__lt=planned * Value(1 - TOLERANCE), then=Value(b.DeliveryFlag.UNDER)),
            When(returns_delivered_hours__gt=planned * Value(1 + TOLERANCE), then=Value(b.DeliveryFlag.OVER)),
            default=Value(b.DeliveryFlag.AS_PLANNED),
        ),
        return_spend_flag=Case(
            When(returns_planned_cost__isnull=True, then=Value(b.DeliveryFlag.NO_RETURNS)),
            When(returns_actual_cost__gt=planned_cost, then=Value(b.SpendFlag.OVER)),
            When(returns_actual_cost__lt=planned_cost * Value(UNDER_SHARE), then=Value(b.SpendFlag.UNDER)),
            default=Value(b.SpendFlag.WITHIN),
        ),
    )


def _flagged(row: dict) -> dict:
    row["delivery_flag"] = delivery_flag(row["planned_hours"], row["delivered_hours"])
    row["return_spend_flag"] = return_spend_flag(row["planned_cost"], row["actual_cost"])
    return row


def returns_summary(user, *, provider_id: int | None = None) -> dict:
    """Returns of active packages summed in the database: in total and per provider (planned and
    delivered hours, planned and actual cost, and the flags those sums give)."""
    returns = ProviderReturn.objects.visible_to(user).filter(package__status=b.PackageStatus.ACTIVE)
    if provider_id is not None:
        returns = returns.filter(package__provider_id=provider_id)
    sums = {
        "planned_hours": Sum("planned_hours"),
        "delivered_hours": Sum("delivered_hours"),
        "planned_cost": Sum("planned_cost"),
        "actual_cost": Sum("actual_cost"),
        "returns": Count("id"),
    }
    totals = _flagged(returns.aggregate(**sums))
    by_provider = {
        row["package__provider_id"]: _flagged(row)
        for row in returns.order_by().values("package__provider_id").annotate(**sums)
    }
    return {"totals": totals, "by_provider": by_provider}


def provider_packages(user, provider_id: int) -> QuerySet[CarePackage]:
    """A provider's active packages with their cost against budget and their returns (no person)."""
    return with_returns(
        with_spend(
            CarePackage.objects.visible_to(user)
            .filter(provider_id=provider_id, status=b.PackageStatus.ACTIVE)
            .select_related("category")
            .defer("choice_reason")
        )
    )
