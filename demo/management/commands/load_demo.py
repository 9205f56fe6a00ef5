"""python manage.py load_demo: the Suffolk and Bexley demo data and demo accounts."""

from django.core.management.base import BaseCommand

from demo.loader import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: Suffolk and Bexley as published, with illustrative plans, "
        "actions and measures, and the demo accounts. Safe to run again: it changes nothing "
        "that is already there."
    )

    def handle(self, *args: object, **options: object) -> None:
        counter = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {counter.created} rows created, {counter.updated} changed."
            )
        )
        if counter.created:
            names = ", ".join(username for username, *_ in DEMO_USERS)
            self.stdout.write(f"Demo accounts ({names}) use the password {DEMO_PASSWORD!r}.")
