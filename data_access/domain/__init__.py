"""The municipality's profile, production calendar, deadline rules and district boundaries."""
