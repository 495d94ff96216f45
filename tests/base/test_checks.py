import pytest
from django.core.management import call_command

from base.checks import check_demo_users
from base.roles import create_demo_users


@pytest.fixture
def production(settings):
    settings.DEBUG = False


@pytest.mark.django_db
def test_deploy_check_errors_on_a_demo_user_with_the_demo_password(production):
    create_demo_users("termiknowledge-demo")
    errors = check_demo_users(None)
    assert {error.id for error in errors} == {"termiknowledge.E001"}
    assert sorted(error.msg.split("'")[1] for error in errors) == ["admin", "editor", "sales"]


@pytest.mark.django_db
def test_deploy_check_passes_once_the_demo_passwords_are_changed(production):
    create_demo_users("termiknowledge-demo")
    from django.contrib.auth.models import User

    for user in User.objects.all():
        user.set_password("a-long-and-private-passphrase")
        user.save()
    assert check_demo_users(None) == []


@pytest.mark.django_db
def test_deploy_check_ignores_demo_users_in_development(settings):
    settings.DEBUG = True
    create_demo_users("termiknowledge-demo")
    assert check_demo_users(None) == []


@pytest.mark.django_db
def test_check_deploy_command_fails_with_demo_users(production):
    create_demo_users("termiknowledge-demo")
    with pytest.raises(Exception, match="demo user 'admin'"):
        call_command("check", "--deploy", "--tag", "security")
