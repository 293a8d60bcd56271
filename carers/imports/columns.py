"""The columns a carers list may have, the headings each is known by, and the values each
accepts: the codes, the register's labels and the spellings councils use (matched ignoring case,
spaces, hyphens and underscores). The upload page and the README list them from here."""

from dataclasses import dataclass, field

from carers import choices as c
from common.imports import choice_key, choice_lookup

PREFER_NOT = ["prefer not to say", "not stated", "declined", "refused", "rather not say", "pnts"]
TRUE = {"yes", "y", "true", "t", "1", "x"}
FALSE = {"no", "n", "false", "f", "0", ""}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text", "date", "choice" or "bool"
    required: bool = False
    headings: tuple[str, ...] = ()  # other headings accepted for this column
    choices: type | None = None
    aliases: dict = field(default_factory=dict)  # {code: [other spellings]}
    hint: str = ""

    @property
    def lookup(self) -> dict[str, str]:
        return choice_lookup(self.choices.choices, self.aliases) if self.choices else {}

    def allowed(self) -> list[tuple[str, str, list[str]]]:
        """(code, label, other spellings) for each choice, for the upload page."""
        rows = []
        for code, label in self.choices.choices if self.choices else []:
            rows.append((code, str(label), list(self.aliases.get(code, []))))
        return rows


COLUMNS: list[Column] = [
    Column("first_name", "text", True, ("first name", "forename", "given name")),
    Column("last_name", "text", True, ("last name", "surname", "family name")),
    Column(
        "date_of_birth",
        "date",
        True,
        ("dob", "date of birth", "birth date"),
        hint="Leave the cell empty, or write “not known”, when the date of birth is not known: "
        "the carer is counted as “age not known”.",
    ),
    Column(
        "hours_band",
        "choice",
        True,
        ("hours", "hours of care", "hours of care a week", "caring hours"),
        c.HoursBand,
        {
            c.HoursBand.UP_TO_19: ["0-19", "0 to 19", "up to 19", "under 20", "1-19"],
            c.HoursBand.FROM_20_TO_49: ["20-49", "20 to 49"],
            c.HoursBand.FIFTY_PLUS: ["50+", "50 or more", "50 plus", "over 50", "50 and over"],
        },
    ),
    Column(
        "identification_source",
        "choice",
        True,
        ("source", "how identified", "identified by", "referral source", "how we came to know them"),
        c.IdentificationSource,
        {
            c.IdentificationSource.CSC_CALL: ["csc", "customer service centre", "contact centre", "phone call"],
            c.IdentificationSource.GP_PRACTICE: ["gp", "gp surgery", "surgery", "doctor"],
            c.IdentificationSource.HOSPITAL: ["hospital discharge"],
            c.IdentificationSource.SCHOOL: ["school", "college"],
            c.IdentificationSource.SELF_REFERRAL: ["self", "self referred", "self-referral"],
            c.IdentificationSource.SOCIAL_CARE: ["social services", "adult social care", "social worker"],
        },
    ),
    Column("phone", "text", headings=("telephone", "phone number", "tel")),
    Column("email", "text", headings=("email address", "e-mail")),
    Column("address", "text"),
    Column("postcode", "text", headings=("post code",), hint="The area is found from the postcode."),
    Column("gp_practice", "text", headings=("gp practice", "gp")),
    Column(
        "employment",
        "choice",
        choices=c.Employment,
        aliases={
            c.Employment.FULL_TIME: ["full time", "ft", "employed full time"],
            c.Employment.PART_TIME: ["part time", "pt", "employed part time"],
            c.Employment.SELF_EMPLOYED: ["self employed"],
            c.Employment.NOT_WORKING: ["unemployed", "not working", "not employed"],
            c.Employment.STUDENT: ["student", "education"],
            c.Employment.UNKNOWN: ["unknown"],
        },
    ),
    Column(
        "identified_on",
        "date",
        headings=("date identified", "identified date", "date known", "date registered"),
        hint="The date the carer became known. When the column or a cell is empty the carer is "
        "counted as identified on the day of the upload, and the check warns you.",
    ),
    Column("consent_to_share", "bool", headings=("consent",)),
    Column("is_parent_carer", "bool", headings=("parent carer",)),
    Column("is_kinship_carer", "bool", headings=("kinship carer",)),
    Column(
        "sex",
        "choice",
        choices=c.Sex,
        aliases={
            c.Sex.FEMALE: ["f", "woman"],
            c.Sex.MALE: ["m", "man"],
            c.Sex.OTHER: ["other", "non-binary", "non binary"],
            c.Sex.PREFER_NOT: PREFER_NOT,
        },
    ),
    Column(
        "ethnicity",
        "choice",
        headings=("ethnic group", "ethnic origin"),
        choices=c.Ethnicity,
        aliases={
            c.Ethnicity.WHITE: ["white british", "white irish", "white other", "white english"],
            c.Ethnicity.MIXED: ["mixed", "multiple", "mixed ethnic group"],
            c.Ethnicity.ASIAN: ["asian", "asian british", "indian", "pakistani", "bangladeshi", "chinese"],
            c.Ethnicity.BLACK: ["black", "black british", "african", "caribbean"],
            c.Ethnicity.OTHER: ["arab", "other"],
            c.Ethnicity.PREFER_NOT: PREFER_NOT,
        },
    ),
    Column(
        "disability",
        "choice",
        headings=("disabled",),
        choices=c.YesNoPrefer,
        aliases={
            c.YesNoPrefer.YES: ["y", "true", "disabled"],
            c.YesNoPrefer.NO: ["n", "false", "not disabled"],
            c.YesNoPrefer.PREFER_NOT: PREFER_NOT,
        },
    ),
    Column(
        "religion",
        "choice",
        headings=("religion or belief", "faith"),
        choices=c.Religion,
        aliases={
            c.Religion.NONE: ["none", "no", "atheist"],
            c.Religion.CHRISTIAN: ["christianity", "church of england", "c of e", "catholic", "roman catholic"],
            c.Religion.BUDDHIST: ["buddhism"],
            c.Religion.HINDU: ["hinduism"],
            c.Religion.JEWISH: ["judaism", "jew"],
            c.Religion.MUSLIM: ["islam"],
            c.Religion.SIKH: ["sikhism"],
            c.Religion.OTHER: ["other"],
            c.Religion.PREFER_NOT: PREFER_NOT,
        },
    ),
    Column(
        "sexual_orientation",
        "choice",
        headings=("sexuality",),
        choices=c.SexualOrientation,
        aliases={
            c.SexualOrientation.HETEROSEXUAL: ["straight"],
            c.SexualOrientation.GAY_LESBIAN: ["gay", "lesbian"],
            c.SexualOrientation.BISEXUAL: ["bi"],
            c.SexualOrientation.OTHER: ["other"],
            c.SexualOrientation.PREFER_NOT: PREFER_NOT,
        },
    ),
]
BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}
# Every heading a column is known by, as choice_key() writes it.
HEADINGS: dict[str, str] = {
    choice_key(heading): column.name for column in COLUMNS for heading in (column.name, *column.headings)
}
LOOKUPS: dict[str, dict[str, str]] = {column.name: column.lookup for column in COLUMNS if column.choices}
