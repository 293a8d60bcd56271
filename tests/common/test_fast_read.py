"""FastReadMixin gives exactly DRF's representation: every model serializer of the API, on rows
with values and with blanks, with and without a request, read one at a time and as a list."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from carers.api.serializers import (
    AssessmentSerializer,
    CaredForPersonSerializer,
    CarerSerializer,
    ContactSerializer,
    ContingencyPlanSerializer,
    ReferralSerializer,
)
from carers.directory.api.serializers import DirectoryEntrySerializer
from carers.grants.api.serializers import GrantSerializer
from carers.kpis.api.serializers import AreaEstimateSerializer, KpiIndicatorSerializer
from common.api.serializers import FastReadMixin
from tests.accounts.factories import AreaFactory
from tests.carers.factories import (
    AssessmentFactory,
    CaredForPersonFactory,
    CarerFactory,
    CaringRelationshipFactory,
    ConditionCategoryFactory,
    ContactFactory,
    ContingencyPlanFactory,
    ReferralFactory,
)
from tests.carers.feature_factories import (
    AreaEstimateFactory,
    CarerGrantFactory,
    DirectoryEntryFactory,
    KpiIndicatorFactory,
    KpiTargetFactory,
)


def _drf(serializer, instance):
    """What DRF itself would give: Serializer.to_representation without the mixin."""
    return super(FastReadMixin, serializer).to_representation(instance)


def _request(path="/api/carers/", **query):
    return Request(APIRequestFactory().get(path, query))


def _assert_same(serializer_class, instances, context):
    for instance in instances:
        serializer = serializer_class(instance, context=context)
        assert serializer.data == _drf(serializer_class(instance, context=context), instance)
    many = serializer_class(instances, many=True, context=context)
    assert many.data == [_drf(serializer_class(context=context), instance) for instance in instances]
    # The JSON is the same text too (key order included).
    assert [list(row) for row in many.data] == [
        list(_drf(serializer_class(context=context), instance)) for instance in instances
    ]


@pytest.fixture
def carers(db):
    bare = CarerFactory(phone="", postcode="", area=None)
    full = CarerFactory(
        phone="01865 123456",
        email="a@example.org",
        area=AreaFactory(),
        is_parent_carer=True,
        last_contact_at=timezone.now(),
        date_of_birth=datetime.date(2012, 2, 29),
    )
    return [bare, full]


def test_carers_with_and_without_a_request(carers):
    _assert_same(CarerSerializer, carers, {"request": _request()})
    _assert_same(CarerSerializer, carers, {"request": _request(), "format": "json"})
    data = CarerSerializer(carers, many=True, context={"request": _request()}).data
    assert data[1]["url"] == f"http://testserver/api/carers/{carers[1].pk}/"
    assert data[1]["area"] == carers[1].area_id and data[0]["area"] is None
    assert data[1]["age_group"] == carers[1].age_group


def test_a_hyperlink_without_a_request_fails_as_in_drf(carers):
    with pytest.raises(AssertionError, match="requires the request"):
        CarerSerializer(carers[0]).data  # noqa: B018 - reading .data serialises


def test_records_that_belong_to_a_carer(carers):
    carer = carers[1]
    person = CaredForPersonFactory()
    person.conditions.add(ConditionCategoryFactory(name="Dementia"), ConditionCategoryFactory(name="Stroke"))
    CaringRelationshipFactory(carer=carer, cared_for=person)
    contact = ContactFactory(carer=carer)
    context = {"request": _request()}
    _assert_same(CaredForPersonSerializer, [person, CaredForPersonFactory()], context)
    _assert_same(ContactSerializer, [contact, ContactFactory(carer=None, caller_name="Unknown")], context)
    _assert_same(ReferralSerializer, [ReferralFactory(contact=contact, carer=carer)], context)
    _assert_same(AssessmentSerializer, [AssessmentFactory(carer=carer)], context)
    _assert_same(ContingencyPlanSerializer, [ContingencyPlanFactory(carer=carer)], context)


def test_money_dates_and_nested_targets(carers):
    context = {"request": _request()}
    grant = CarerGrantFactory(carer=carers[1], amount_requested=Decimal("250.50"))
    assert GrantSerializer(grant, context=context).data["amount_requested"] == "250.50"
    _assert_same(GrantSerializer, [grant, CarerGrantFactory(carer=carers[0], amount_requested=None)], context)
    _assert_same(DirectoryEntrySerializer, [DirectoryEntryFactory()], context)
    indicator = KpiIndicatorFactory()
    KpiTargetFactory(indicator=indicator)
    _assert_same(KpiIndicatorSerializer, [indicator], context)
    _assert_same(AreaEstimateSerializer, [AreaEstimateFactory()], context)


def test_a_method_source_is_called_and_a_missing_optional_attribute_is_skipped(carers):
    class Probe(FastReadMixin, serializers.ModelSerializer):
        name = serializers.CharField(source="get_age_group_display")
        nickname = serializers.CharField(required=False)

        class Meta:
            model = CarerSerializer.Meta.model
            fields = ["id", "name", "nickname"]

    for carer in carers:
        probe = Probe(carer)
        assert probe.data == _drf(Probe(carer), carer)
        assert "nickname" not in probe.data and probe.data["name"] == carer.get_age_group_display()
