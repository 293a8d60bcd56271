import factory
from django.contrib.auth.models import Group

from accounts.choices import AreaLevel, OrganisationKind
from accounts.models import Area, Organisation, User
from accounts.roles import role_groups_sync


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Council {n}")
    kind = OrganisationKind.COUNCIL


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"County {n}")
    level = AreaLevel.COUNTY
    council = factory.SubFactory(OrganisationFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.uk")
    organisation = factory.SubFactory(OrganisationFactory, name="Oxfordshire County Council")
    password = factory.django.Password("correct-horse-battery-staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            groups = Group.objects.filter(name__in=extracted)
            if len(groups) < len(set(extracted)):
                # A transactional test's flush removes the groups the migrations made (and the
                # permissions' post_migrate rebuilds them without the roles): make them again.
                role_groups_sync()
            self.groups.set(groups.all())
