"""How the platform's Kafka clients authenticate and encrypt, from settings.

`KAFKA_SECURITY_PROTOCOL` is PLAINTEXT (the devstack), SSL, SASL_PLAINTEXT or SASL_SSL;
SASL uses `KAFKA_SASL_MECHANISM` (SCRAM-SHA-512) with `KAFKA_SASL_USERNAME` and
`KAFKA_SASL_PASSWORD`; TLS trusts `KAFKA_SSL_CAFILE` (else the system's CAs). Every client the
platform makes (FastStream's broker, the relay's producer, admin clients, the `dekranasda`
commands' consumers) takes its options from here.
"""

import ssl
from dataclasses import dataclass
from typing import Any, Literal

from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

Protocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
Mechanism = Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"]
_SASL = {"SCRAM-SHA-512": SASLScram512, "SCRAM-SHA-256": SASLScram256, "PLAIN": SASLPlaintext}


@dataclass(frozen=True)
class KafkaSecurity:
    """A Kafka client's security settings."""

    protocol: Protocol = "PLAINTEXT"
    mechanism: Mechanism = "SCRAM-SHA-512"
    username: str | None = None
    password: str | None = None
    cafile: str | None = None

    @classmethod
    def of(cls, settings: Any) -> "KafkaSecurity":
        """The security settings of a service's settings."""
        secret = settings.kafka_sasl_password
        return cls(
            protocol=settings.kafka_security_protocol,
            mechanism=settings.kafka_sasl_mechanism,
            username=settings.kafka_sasl_username,
            password=secret.get_secret_value() if secret is not None else None,
            cafile=settings.kafka_ssl_cafile,
        )

    @property
    def uses_sasl(self) -> bool:
        """Whether clients authenticate with a user name and password."""
        return self.protocol.startswith("SASL_")

    @property
    def uses_tls(self) -> bool:
        """Whether the connection is encrypted."""
        return self.protocol in ("SSL", "SASL_SSL")

    def ssl_context(self) -> ssl.SSLContext | None:
        """The TLS context (verifying the broker's certificate and name), or None."""
        return ssl.create_default_context(cafile=self.cafile) if self.uses_tls else None

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for aiokafka's producers, consumers and admin clients."""
        if self.protocol == "PLAINTEXT":
            return {}
        options: dict[str, Any] = {"security_protocol": self.protocol}
        if self.uses_tls:
            options["ssl_context"] = self.ssl_context()
        if self.uses_sasl:
            options.update(
                sasl_mechanism=self.mechanism,
                sasl_plain_username=self.username,
                sasl_plain_password=self.password,
            )
        return options

    def faststream(self) -> BaseSecurity | None:
        """The same, as FastStream's `security` of a `KafkaBroker`."""
        if self.protocol == "PLAINTEXT":
            return None
        if not self.uses_sasl:
            return BaseSecurity(ssl_context=self.ssl_context(), use_ssl=True)
        sasl = _SASL[self.mechanism]
        return sasl(
            self.username or "",
            self.password or "",
            ssl_context=self.ssl_context(),
            use_ssl=self.uses_tls,
        )
