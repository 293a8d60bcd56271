from django.contrib.auth import authenticate
from django_otp import match_token
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.api.serializers import (
    AreaSerializer,
    OrganisationSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    UserSerializer,
)
from accounts.filters import AreaFilterSet, OrganisationFilterSet, UserFilterSet
from accounts.querysets import CHANGE, VIEW
from accounts.two_factor import two_factor_required
from common.api.mixins import NeverDeletedMixin
from common.api.serializers import ErrorSerializer
from common.api.throttling import AnonRateThrottle


class OrganisationViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Councils, NHS bodies, providers and voluntary organisations."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "kind", "id"]
    never_deleted = "Organisations are never deleted (their records refer to them): mark one inactive instead."

    def get_queryset(self):
        # Everyone reads every organisation; changing another council is outside the scope (404).
        action = VIEW if self.request.method in SAFE_METHODS else CHANGE
        return selectors.organisation_list(self.request.user, action).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.organisation_save(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.organisation_save(
            organisation=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class AreaViewSet(NeverDeletedMixin, viewsets.ModelViewSet):
    """Counties, localities and wards, each within the one above."""

    serializer_class = AreaSerializer
    filterset_class = AreaFilterSet
    ordering_fields = ["name", "level", "id"]
    never_deleted = "Areas are never deleted (carers and figures are attributed to them)."

    def get_queryset(self):
        # Everyone reads every area; changing another council's is outside the scope (404).
        action = VIEW if self.request.method in SAFE_METHODS else CHANGE
        return selectors.area_list(self.request.user, action).order_by("-id")

    def perform_create(self, serializer):
        serializer.instance = services.area_save(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.area_save(
            area=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """People who sign in, with their roles: a council's administrator sees their own council's
    users (another council's user is a 404, as a missing one); the deployment administrator sees
    every council's."""

    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    ordering_fields = ["username", "id"]

    def get_queryset(self):
        return selectors.user_list(self.request.user).order_by("-id").distinct()

    @extend_schema(responses=UserSerializer)
    @action(detail=False, methods=["get"], permission_classes=[], url_path="me")
    def me(self, request, *args, **kwargs):
        """The signed-in user, with roles: any signed-in user may read their own record."""
        # *args/**kwargs: the format-suffix route (me.json, me.csv) passes `format=`.
        if not request.user.is_authenticated:
            from rest_framework.exceptions import NotAuthenticated

            raise NotAuthenticated()
        return Response(UserSerializer(request.user).data)


class TokenLoginThrottle(AnonRateThrottle):
    scope = "token_login"
    rate = "30/minute"


class TokenObtainView(APIView):
    """Exchange a username and password for an API token (send it as `Authorization: Token <key>`).

    Failed attempts count towards the same lockout as the sign-in page (django-axes). Roles that
    must sign in with two factors (administrators, finance officers) also send `otp_token`."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    # Like most token endpoints, this one also takes an HTML form's encoding (all its fields are text).
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    throttle_classes = [TokenLoginThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Pass the Django request itself so that Axes records the failure and its lockout flag
        # where its middleware will find it.
        otp_token = serializer.validated_data.pop("otp_token", "")
        user = authenticate(request=request._request, **serializer.validated_data)
        if user is None:
            return Response(
                {
                    "message": "Unable to sign in with those details.",
                    "errors": {"non_field_errors": ["Unable to sign in with those details."]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        # A token is a standing sign-in: a role that must sign in with two factors gets one only
        # with a valid code, or the API would be a way round the two-factor requirement.
        if two_factor_required(user) and match_token(user, otp_token.strip()) is None:
            message = "Two-factor sign-in is required for your role: send the current code as otp_token."
            return Response({"message": message, "errors": {"otp_token": [message]}}, status=status.HTTP_403_FORBIDDEN)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
