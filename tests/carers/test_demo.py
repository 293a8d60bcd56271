from accounts import demo as accounts_demo
from carers import demo
from carers.models import Assessment, Carer, Contact


def _counts():
    # The register demo's own carers (the KPI demo adds Devon's 11,669 assessed carers besides).
    demo_carers = Carer.objects.filter(email__endswith="@carers-demo.example")
    return demo_carers.count(), Contact.objects.count(), Assessment.objects.count()


def test_demo_is_deterministic_and_idempotent(db, monkeypatch):
    monkeypatch.setattr(demo, "COUNT", 25)
    accounts_demo.load()
    demo.load()
    first = _counts()
    names = list(
        Carer.objects.filter(email__endswith="@carers-demo.example")
        .order_by("email")
        .values_list("email", "first_name", "last_name", "postcode")
    )
    demo.load()
    assert _counts() == first
    assert first[0] == 25 and first[1] > 0
    assert (
        list(
            Carer.objects.filter(email__endswith="@carers-demo.example")
            .order_by("email")
            .values_list("email", "first_name", "last_name", "postcode")
        )
        == names
    )


def test_demo_csc_officer_sees_oxfordshire_carers(db, monkeypatch):
    from accounts.models import User
    from carers import selectors

    monkeypatch.setattr(demo, "COUNT", 25)
    accounts_demo.load()
    demo.load()
    csc = User.objects.get(username="csc")
    visible = Carer.objects.visible_to(csc)
    assert visible.exists()
    assert set(visible.values_list("organisation__name", flat=True)) == {"Oxfordshire County Council"}
    carer = visible.first()
    assert carer in selectors.carer_search(user=csc, text=f"{carer.first_name} {carer.last_name}")


def test_demo_broker_sees_the_carers_referred_to_brokerage(db, monkeypatch):
    from accounts.models import User
    from carers.choices import ReferralKind

    monkeypatch.setattr(demo, "COUNT", 60)
    accounts_demo.load()
    demo.load()
    broker = User.objects.get(username="broker")
    visible = set(Carer.objects.visible_to(broker))
    referred = set(
        Carer.objects.filter(referrals__kind=ReferralKind.BROKERAGE, organisation=broker.organisation).distinct()
    )
    assert visible and visible == referred
    assert len(visible) < Carer.objects.filter(organisation=broker.organisation).count()
