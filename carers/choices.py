"""Choices and constants for carers, contacts, referrals and assessments."""

from django.db import models

PREFER_NOT_TO_SAY = "prefer_not_to_say"

# Age group boundaries (DESIGN.md §3): young carer under 18, young adult carer 18–25, older carer 65+.
YOUNG_CARER_UNDER = 18
YOUNG_ADULT_CARER_UNDER = 26
OLDER_CARER_FROM = 65
OLDEST_PLAUSIBLE_AGE = 120


class AgeGroup(models.TextChoices):
    YOUNG_CARER = "young_carer", "Young carer (under 18)"
    YOUNG_ADULT_CARER = "young_adult_carer", "Young adult carer (18 to 25)"
    ADULT = "adult", "Adult carer (26 to 64)"
    OLDER_CARER = "older_carer", "Older carer (65 and over)"
    # No date of birth recorded: its own group in every figure, never folded into another.
    NOT_KNOWN = "not_known", "Age not known"


class HoursBand(models.TextChoices):
    UP_TO_19 = "0_19", "0 to 19 hours a week"
    FROM_20_TO_49 = "20_49", "20 to 49 hours a week"
    FIFTY_PLUS = "50_plus", "50 or more hours a week"


class IdentificationSource(models.TextChoices):
    CSC_CALL = "csc_call", "Call to the customer service centre"
    GP_PRACTICE = "gp_practice", "GP practice"
    HOSPITAL = "hospital", "Hospital"
    SCHOOL = "school", "School or college"
    SELF_REFERRAL = "self_referral", "Self-referral"
    OUTREACH = "outreach", "Outreach"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER = "other", "Other"


class Employment(models.TextChoices):
    FULL_TIME = "full_time", "Working full time"
    PART_TIME = "part_time", "Working part time"
    SELF_EMPLOYED = "self_employed", "Self-employed"
    NOT_WORKING = "not_working", "Not in paid work"
    STUDENT = "student", "In education"
    RETIRED = "retired", "Retired"
    UNKNOWN = "", "Not known"


WORKING = {Employment.FULL_TIME, Employment.PART_TIME, Employment.SELF_EMPLOYED}


class CarerStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RESTRICTED = "restricted", "Restricted (processing limited)"
    ERASED = "erased", "Erased (anonymised)"
    MERGED = "merged", "Merged into another record"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Another term"
    PREFER_NOT = PREFER_NOT_TO_SAY, "Prefer not to say"


class Ethnicity(models.TextChoices):
    WHITE = "white", "White"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    OTHER = "other", "Other ethnic group"
    PREFER_NOT = PREFER_NOT_TO_SAY, "Prefer not to say"


class YesNoPrefer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = PREFER_NOT_TO_SAY, "Prefer not to say"


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    CHRISTIAN = "christian", "Christian"
    BUDDHIST = "buddhist", "Buddhist"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Other religion"
    PREFER_NOT = PREFER_NOT_TO_SAY, "Prefer not to say"


class SexualOrientation(models.TextChoices):
    HETEROSEXUAL = "heterosexual", "Straight or heterosexual"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Another sexual orientation"
    PREFER_NOT = PREFER_NOT_TO_SAY, "Prefer not to say"


class Relationship(models.TextChoices):
    SPOUSE_PARTNER = "spouse_partner", "Spouse or partner"
    PARENT = "parent", "Parent (caring for their child)"
    CHILD = "child", "Son or daughter (caring for a parent)"
    SIBLING = "sibling", "Brother or sister"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_RELATIVE = "other_relative", "Other relative"
    FRIEND_NEIGHBOUR = "friend_neighbour", "Friend or neighbour"
    OTHER = "other", "Other"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    WEB = "web", "Web form"
    FACE_TO_FACE = "face_to_face", "Face to face"
    LETTER = "letter", "Letter"


class ContactOutcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved on first contact"
    REFERRED = "referred", "Referred on"
    CALL_BACK = "call_back", "Call back arranged"
    INFORMATION = "information", "Information and advice given"
    NO_ACTION = "no_action", "No further action"


class ReferralKind(models.TextChoices):
    CARERS_SUPPORT_SERVICE = "carers_support_service", "Carers support service"
    BROKERAGE = "brokerage", "Brokerage"
    CARERS_ASSESSMENT = "carers_assessment", "Carers assessment"
    BENEFITS_CHECK = "benefits_check", "Benefits check"
    PEER_SUPPORT = "peer_support", "Peer support"
    EMERGENCY_CARD = "emergency_card", "Emergency card (contingency plan)"
    BREAKS_GRANT = "breaks_grant", "Breaks or carer's grant"
    OTHER = "other", "Other"


class ReferralStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class AssessmentType(models.TextChoices):
    SEPARATE = "separate", "Separate carers assessment"
    JOINT = "joint", "Joint assessment with the cared-for person"
    DECLINED = "declined", "Assessment offered and declined"


class AssessmentOutcome(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible needs: support plan"
    NOT_ELIGIBLE = "not_eligible", "No eligible needs: information and advice"
    DECLINED = "declined", "Declined"
    PENDING = "pending", "Awaiting decision"


class AccessAction(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    EXPORTED = "exported", "Exported"
    REFUSED = "refused", "Refused"


class ErasureDecision(models.TextChoices):
    PENDING = "pending", "Awaiting decision"
    ERASE = "erase", "Erase (anonymise)"
    RESTRICT = "restrict", "Restrict processing (retention applies)"
    REFUSE = "refuse", "Refused"


DEFAULT_CONTACT_REASONS = [
    "Information and advice",
    "New carer registration",
    "Carers assessment request",
    "Breaks and respite",
    "Benefits and money",
    "Emergency card or contingency plan",
    "Complaint or compliment",
    "Change of circumstances",
    "Crisis or safeguarding concern",
]

DEFAULT_CONDITION_CATEGORIES = [
    "Dementia",
    "Stroke",
    "Learning disability",
    "Mental health",
    "Substance misuse",
    "Physical disability",
    "Frailty",
    "Sensory impairment",
    "Long-term condition",
    "Cancer",
    "End of life",
    "Autism",
]
