"""Two-factor sign-in with a time-based one-time password (TOTP, django-otp).

Anyone may turn it on from their account page; administrators and finance officers must
(settings.OTP_REQUIRED_ROLES): until they have verified a code in this session, the middleware
below sends them here and refuses the API.
"""

import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.forms import GovukFormMixin

EXEMPT_PREFIXES = ("/accounts/login", "/accounts/logout", "/accounts/two-factor", "/static/", "/healthz")


def two_factor_required(user) -> bool:
    return bool(settings.OTP_REQUIRED and user.is_authenticated and user.has_role(*settings.OTP_REQUIRED_ROLES))


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware (it sets `request.user.otp_device` and `is_verified()`), taking the
    verified device from the signed-in user's cached confirmed devices (accounts/identity_cache.py)
    instead of reading it from the database on every request. A device deleted, or no longer
    confirmed, is gone from that entry on the next request, and the session loses it as before."""

    def _verify_user_sync(self, request, user):
        devices = getattr(user, "_otp_devices", None) if user.is_authenticated else None
        if devices is None:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        device = devices.get(self._normalize_persistent_id(persistent_id)) if persistent_id else None
        user.otp_device = self._finalize_device(request, user, device)
        return user


class TwoFactorRequiredMiddleware:
    """Hold users of the roles that need two factors at the two-factor pages until verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.OTP_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(EXEMPT_PREFIXES)
            and two_factor_required(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"message": "Two-factor sign-in is required for your role.", "errors": {}}, status=403
                )
            return redirect(reverse("accounts:two_factor_verify") + f"?next={request.path}")
        return self.get_response(request)


class TokenForm(GovukFormMixin, forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _unconfirmed_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


class TwoFactorSetupView(FormView):
    """Register an authenticator app: show its QR code and secret, confirm with a first code."""

    template_name = "accounts/two_factor_setup.html"
    form_class = TokenForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = _unconfirmed_device(self.request.user)
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
        return context

    def form_valid(self, form):
        device = _unconfirmed_device(self.request.user)
        if not device.verify_token(form.cleaned_data["token"].strip()):
            form.add_error("token", "That code is not right. Check the time on your phone and try the newest code.")
            return self.form_invalid(form)
        device.confirmed = True
        device.save()
        TOTPDevice.objects.filter(user=self.request.user, confirmed=False).delete()
        otp_login(self.request, device)
        messages.success(self.request, "Two-factor sign-in is on.")
        return redirect("accounts:account")


class TwoFactorVerifyView(FormView):
    """Ask for the current code from the user's authenticator app."""

    template_name = "accounts/two_factor_verify.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            return redirect("accounts:two_factor_setup")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        token = form.cleaned_data["token"].strip()
        for device in TOTPDevice.objects.filter(user=self.request.user, confirmed=True):
            if device.verify_token(token):
                otp_login(self.request, device)
                next_url = self.request.GET.get("next", "")
                return redirect(next_url if next_url.startswith("/") and not next_url.startswith("//") else "home")
        form.add_error("token", "That code is not right. Try the newest code from your app.")
        return self.form_invalid(form)
