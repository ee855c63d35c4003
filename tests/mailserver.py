"""A real SMTP server on loopback for the tests: aiosmtpd, in a thread of its own, keeping every
message it accepts. Tests ask for the ``mail_server`` fixture (plain SMTP, the site pointed at
it through DATELINE_EMAIL_URL) or ``start_mail_server`` for one with STARTTLS, implicit TLS or
AUTH; both are defined in tests/conftest.py."""

import dataclasses
import datetime
import email
import email.policy
import ipaddress
import ssl
import threading
import urllib.parse

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclasses.dataclass
class Received:
    """One message as the server took it: the envelope, and the message parsed."""

    mail_from: str
    rcpt_tos: list
    message: email.message.EmailMessage
    # The client's address and port: messages that share it came over one connection.
    peer: tuple

    def part(self, content_type):
        """The decoded text of the message's ``text/plain`` or ``text/html`` part."""
        parts = [part for part in self.message.walk() if part.get_content_type() == content_type]
        assert len(parts) == 1, f"{len(parts)} {content_type} parts"
        return parts[0].get_content()


class Keeper:
    """aiosmtpd's handler: keeps what it is given; optionally refuses recipients, for good
    (``refuse``: 550) or for now (``defer``: 451)."""

    def __init__(self, refuse=(), defer=()):
        self.received = []
        self.refuse = set(refuse)
        self.defer = set(defer)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        if address in self.defer:
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content,
                                           policy=email.policy.default)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message,
                                          tuple(session.peer)))
        return "250 Message accepted for delivery"


class Accounts:
    """An SMTP AUTH authenticator that knows the given user names and passwords."""

    def __init__(self, users):
        self.users = users
        self.attempts = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        login = auth_data.login.decode()
        password = auth_data.password.decode()
        self.attempts.append((mechanism, login))
        # Not "handled": aiosmtpd answers a refusal itself (535).
        return AuthResult(success=self.users.get(login) == password, handled=False)


class MailServer:
    """aiosmtpd on 127.0.0.1 and a free port. ``encryption``: "off", "starttls" (required
    before MAIL) or "ssl" (TLS from the first byte); ``users`` turns on AUTH, required."""

    def __init__(self, port, *, encryption="off", users=None, certificate=None, refuse=(),
                 defer=()):
        self.port = port
        self.encryption = encryption
        self.keeper = Keeper(refuse, defer)
        self.accounts = Accounts(users) if users else None
        options = {}
        if self.accounts:
            # aiosmtpd 1.4 does not count TLS from the first byte as TLS for AUTH: it is.
            options.update(authenticator=self.accounts, auth_required=True,
                           auth_require_tls=encryption == "starttls")
        if encryption == "starttls":
            options.update(tls_context=certificate.server_context(), require_starttls=True)
        if encryption == "ssl":
            options.update(ssl_context=certificate.server_context())
        self.controller = Controller(self.keeper, hostname="127.0.0.1", port=port, **options)

    @property
    def received(self):
        with self.keeper.lock:
            return list(self.keeper.received)

    def url(self, user=None, password=None, **options):
        """The DATELINE_EMAIL_URL that reaches this server, credentials percent-encoded."""
        scheme = "smtp+ssl" if self.encryption == "ssl" else "smtp"
        if self.encryption == "off":
            options.setdefault("tls", "off")
        credentials = ""
        if user is not None:
            credentials = (f"{urllib.parse.quote(user, safe='')}:"
                           f"{urllib.parse.quote(password, safe='')}@")
        query = f"?{urllib.parse.urlencode(options)}" if options else ""
        return f"{scheme}://{credentials}127.0.0.1:{self.port}{query}"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()


class Certificate:
    """A self-signed certificate for 127.0.0.1 and localhost, written to ``folder``; clients
    trust it when SSL_CERT_FILE names ``self.path`` (what ``ssl.create_default_context()``,
    Django's, reads)."""

    def __init__(self, folder):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Dateline test mail server")])
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        self.path = folder / "mail-server.pem"
        self.key_path = folder / "mail-server.key"
        self.path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        self.key_path.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))

    def server_context(self):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.path, self.key_path)
        return context
