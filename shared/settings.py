"""Configuration: one base class, read from the environment with a prefix per service.

Infrastructure settings shared by all services (`KAFKA_BOOTSTRAP_SERVERS`, `MONGODB_URL`,
`JWT_SECRET`, `DEPLOYMENT_*`) may be given without the prefix; a prefixed variable wins.
"""

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from shared.messaging.security import KafkaSecurity


def _env(name: str, prefix: str) -> AliasChoices:
    return AliasChoices(f"{prefix}{name}", name)


class ServiceSettings(BaseSettings):
    """Settings every service has. Subclasses set `service` and `default_port`."""

    service: ClassVar[str] = "service"
    default_port: ClassVar[int] = 8000

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT", description="SASL_SSL towards a secured cluster"
    )
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: str | None = Field(
        default=None, description="PEM file of the CA that signed the brokers' certificates"
    )
    mongodb_url: str = "mongodb://127.0.0.1:27017/"
    mongodb_database: str = ""
    deployment_region: str = Field(default="ID", description="The scope this deployment owns")
    deployment_name: str = Field(default="local", description="Names the consumer groups")
    jwt_secret: SecretStr = SecretStr("dev-only-secret-change-me-0123456789abcdef")
    jwt_jwks_url: str | None = Field(default=None, description="An OIDC issuer's key set")
    platform_jwks_url: str | None = Field(
        default="http://127.0.0.1:8001/.well-known/jwks.json",
        description="The platform's key set (membership): tokens from its sign-in",
    )
    platform_issuer: str = Field(default="", description="`iss` of platform tokens")
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    http_host: str = "127.0.0.1"
    http_port: int = 0
    http_workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="uvicorn processes per service; more than 1 on MongoDB only (see README)",
    )
    http_root_path: str = Field(
        default="", description="Public path prefix behind a proxy (sent as X-Forwarded-Prefix)"
    )
    http_max_body_bytes: int = Field(default=1_000_000, ge=0, description="413 above this")
    http_request_timeout_s: float = Field(default=10.0, gt=0, description="503 after this")
    mongodb_timeout_ms: int = Field(default=0, ge=0, description="Every operation; 0: none")
    mongodb_server_selection_timeout_ms: int = Field(default=5000, gt=0)
    topic_partitions: int = 6
    relay_interval_s: float = 0.2
    relay_publish_timeout_s: float = Field(
        default=15.0,
        gt=0,
        description="Kafka's acknowledgement of a relay pass; else a new producer",
    )
    relay_stall_s: float = Field(
        default=30.0, gt=0, description="/ready is 503 when events waited this long unpublished"
    )
    relay_sweep_s: float = Field(
        default=300.0,
        gt=0,
        description="How often the relay looks for events whose save left no marker",
    )
    topic_replication_factor: int = Field(
        default=1, ge=1, description="Replicas of each topic the service creates (3 on 3 brokers)"
    )
    topic_min_insync_replicas: int = Field(
        default=1, ge=1, description="Replicas that must acknowledge a write (2 on 3 brokers)"
    )
    dead_letter_retention_days: float = Field(
        default=30, gt=0, description="How long dead letters stay on dlq.<service>"
    )
    consumer_max_retries: int = 5
    consumer_retry_base_s: float = 0.2
    graceful_timeout_s: float = 20.0
    log_level: str = "INFO"

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        prefix = f"{cls.service.upper()}_"
        for name, info in cls.model_fields.items():
            info.validation_alias = _env(name.upper(), prefix)
        cls.model_rebuild(force=True)

    @property
    def kafka_security(self) -> "KafkaSecurity":
        """How this service's Kafka clients authenticate and encrypt."""
        from shared.messaging.security import KafkaSecurity

        return KafkaSecurity.of(self)

    @property
    def database(self) -> str:
        """The MongoDB database this service owns."""
        return self.mongodb_database or f"dekranasda_{self.deployment_name}_{self.service}"

    @property
    def token_issuer(self) -> str:
        """The `iss` of tokens the platform's sign-in issues in this deployment."""
        return self.platform_issuer or f"urn:dekranasda:{self.deployment_name}"

    @property
    def port(self) -> int:
        """The HTTP port, the service's default unless set."""
        return self.http_port or self.default_port

    @property
    def group_prefix(self) -> str:
        """The prefix of this service's consumer groups in this deployment."""
        return f"dekranasda.{self.deployment_name}.{self.service}"

    @property
    def source(self) -> str:
        """The CloudEvents `source` of events this service publishes."""
        return f"/dekranasda/{self.deployment_region}/{self.service}"
