from django.db import models


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS_BODY = "nhs_body", "NHS body (PCT, CCG or ICB)"
    PROVIDER = "provider", "Provider"
    VOLUNTARY = "voluntary", "Voluntary organisation"


class AreaLevel(models.TextChoices):
    COUNTY = "county", "County or unitary authority"
    LOCALITY = "locality", "Locality or district"
    WARD = "ward", "Ward"


# The levels an area's parent may have (a county has none; a unitary authority's wards may sit
# straight under it, as Middlesbrough's do).
PARENT_LEVELS = {
    AreaLevel.COUNTY: (),
    AreaLevel.LOCALITY: (AreaLevel.COUNTY,),
    AreaLevel.WARD: (AreaLevel.LOCALITY, AreaLevel.COUNTY),
}


class Role(models.TextChoices):
    """The roles. Each is a Django group whose permissions come from accounts.roles.

    An administrator manages their own council's users, areas and reference lists; a deployment
    administrator (one for the whole deployment, never a council's officer) manages the councils
    and other organisations, and every council's users (to give a new council its first
    administrator)."""

    COMMISSIONER = "Commissioner", "Commissioner"
    CSC_OFFICER = "CSC officer", "Customer service centre (CSC) officer"
    FINANCE_OFFICER = "Finance officer", "Finance officer"
    BROKERAGE_OFFICER = "Brokerage officer", "Brokerage officer"
    ADMINISTRATOR = "Administrator", "Administrator"
    DEPLOYMENT_ADMINISTRATOR = "Deployment administrator", "Deployment administrator (every council)"
