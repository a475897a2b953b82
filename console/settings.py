"""Settings of the console: where the services are, how sessions are signed and kept."""

from typing import ClassVar

from pydantic import SecretStr, model_validator

from shared.settings import ServiceSettings

DEV_SECRET = "dev-only-console-secret-change-me-0123456789"


class ConsoleSettings(ServiceSettings):
    """The console's settings (prefix `CONSOLE_`; the shared ones also without it)."""

    service: ClassVar[str] = "console"
    default_port: ClassVar[int] = 8000

    membership_url: str = "http://127.0.0.1:8001"
    programs_url: str = "http://127.0.0.1:8002"
    events_url: str = "http://127.0.0.1:8003"
    secret_key: SecretStr = SecretStr(DEV_SECRET)
    session_ttl_s: int = 8 * 3600
    refresh_margin_s: float = 60.0
    service_timeout_s: float = 15.0

    @model_validator(mode="after")
    def _own_secret(self) -> "ConsoleSettings":
        """Outside the local deployment, sessions are signed with the operator's own key."""
        key = self.secret_key.get_secret_value()
        if not self.local and (key == DEV_SECRET or len(key) < 32):
            raise ValueError(
                f"deployment {self.deployment_name!r}: set CONSOLE_SECRET_KEY to 32+ random "
                "characters (it signs the session cookies)"
            )
        return self

    @property
    def local(self) -> bool:
        """Whether this is a local deployment (cookies without `Secure`: plain HTTP)."""
        return self.deployment_name == "local"

    @property
    def service_urls(self) -> dict[str, str]:
        """Base URL per service."""
        return {
            "membership": self.membership_url,
            "programs": self.programs_url,
            "events": self.events_url,
        }
