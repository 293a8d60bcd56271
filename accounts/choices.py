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
    """The five roles. Each is a Django group whose permissions come from accounts.roles."""

    COMMISSIONER = "Commissioner", "Commissioner"
    CSC_OFFICER = "CSC officer", "Customer service centre (CSC) officer"
    FINANCE_OFFICER = "Finance officer", "Finance officer"
    BROKERAGE_OFFICER = "Brokerage officer", "Brokerage officer"
    ADMINISTRATOR = "Administrator", "Administrator"
