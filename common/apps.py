from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from common import checks  # noqa: F401 - registers the deployment checks
        from common.sessions import mark_session_start

        user_logged_in.connect(mark_session_start, dispatch_uid="common.sessions.mark_session_start")
