# The pysqlbridge fixture's server: pysqlbridge 2.1.3 with the changes the
# tests need (see tests/integration/bridge.rs), started as
#   python bridge.py --host 127.0.0.1 --port N --config bridge.json [--log FILE]
# with its settings in WQLKIT_* environment variables and the Windows
# accounts in the file NTLM_USER_FILE names. It exits when its standard
# input closes. bench/connect_time.py starts it too.
import datetime, importlib.metadata, os, sys, threading

want = os.environ["WQLKIT_ORACLE_VERSION"]
have = importlib.metadata.version("pysqlbridge")
if have != want:
    sys.exit(f"pysqlbridge {have} is installed; the oracle's allow-list was made against {want}")

import pysqlbridge.catalog, pysqlbridge.predicate, pysqlbridge.server

def watch_parent():
    sys.stdin.buffer.read()
    os._exit(0)

threading.Thread(target=watch_parent, daemon=True).start()

# One certificate, written out so a client can trust exactly it.
import pysqlbridge.certificate
certificate = pysqlbridge.certificate.self_signed()
with open(os.environ["WQLKIT_BRIDGE_CERT"], "wb") as f:
    f.write(certificate.cert_pem)
pysqlbridge.server.self_signed = lambda *args, **kwargs: certificate

# GETDATE(), CURRENT_TIMESTAMP, SYSDATETIME() and the UTC forms all read this.
now = datetime.datetime.fromisoformat(os.environ["WQLKIT_ORACLE_NOW"])
pysqlbridge.predicate._now = lambda about: now
pysqlbridge.catalog.MAX_JOIN_ROWS = int(os.environ["WQLKIT_ORACLE_MAX_JOIN_ROWS"])

# SQL Server's answers to a view the login may not read (229) and to a
# database other than the fleet's (4060), which the bridge alone never gives.
import pysqlbridge.tds.connection as tds_connection
from pysqlbridge.tds.result import QueryError

denied = os.environ["WQLKIT_BRIDGE_DENIED_VIEW"]
answer = pysqlbridge.catalog.Catalog.answer

def answer_unless_denied(self, request, **kwargs):
    sql = request if isinstance(request, str) else getattr(request, "sql", "") or ""
    if denied.lower() in sql.lower():
        raise QueryError(
            f"The SELECT permission was denied on the object '{denied}', database 'CM_DEMO', schema 'dbo'.",
            number=229, severity=14)
    return answer(self, request, **kwargs)

pysqlbridge.catalog.Catalog.answer = answer_unless_denied

database = os.environ["WQLKIT_BRIDGE_DATABASE"]
finish_login = tds_connection.Connection._finish_login

logins = os.environ["WQLKIT_BRIDGE_LOGINS"]

def finish_login_in_database(self, responses):
    asked = getattr(self._login, "database", "") or ""
    user = self.username or self._login.user_name
    # TypeFlags bit 5 is ApplicationIntent=ReadOnly (MS-TDS LOGIN7).
    with open(logins, "a") as f:
        f.write(f"{self._login.app_name} database={asked} read_only_intent={bool(self._login.type_flags & 0x20)} user={user}\n")
    if asked and asked.lower() != database.lower():
        self._send(responses, tds_connection.error_response(
            4060, f'Cannot open database "{asked}" requested by the login. The login failed.',
            server=self._server_name, severity=11, tds_version=self._tds_version))
        self._state = tds_connection.ConnectionState.FAILED
        return
    finish_login(self, responses)

tds_connection.Connection._finish_login = finish_login_in_database

# Windows logins: NTLM checked by pyspnego against the accounts of the file
# NTLM_USER_FILE names (DOMAIN:USER:PASSWORD), where the bridge alone would
# ask Windows (pywin32's SSPI, which Linux lacks).
import spnego, spnego.exceptions
from spnego._ntlm_raw.messages import Authenticate
from pysqlbridge.auth import AuthResult, AuthenticationError
from pysqlbridge.tds.packet import PacketType

class NtlmAcceptor:
    def __init__(self):
        self._context = spnego.server(protocol="ntlm")
        self.complete = False
        self.offered = ""

    @property
    def username(self):
        return self._context.client_principal if self.complete else None

    def step(self, token):
        if token[8:12] == b"\x03\x00\x00\x00":  # AUTHENTICATE: who it is for, for the refusal
            try:
                m = Authenticate.unpack(token)
                self.offered = f"{m.domain_name}\\{m.user_name}" if m.domain_name else (m.user_name or "")
            except Exception:
                pass
        try:
            answer = self._context.step(token)
        except spnego.exceptions.SpnegoError as e:
            raise AuthenticationError(str(e))
        self.complete = self._context.complete
        return AuthResult(answer or b"", self.complete)

class WindowsLogins(tds_connection.Connection):
    def __init__(self, *args, **kwargs):
        kwargs["acceptor_factory"] = NtlmAcceptor
        super().__init__(*args, **kwargs)

    def _take_message(self):
        message = super()._take_message()
        # Some clients send NTLM's last leg typed LOGIN7 (0x10), which SQL
        # Server reads as the SSPI message (0x11) it expects at that point.
        if (message is not None and self._state is tds_connection.ConnectionState.EXPECT_SSPI
                and message.type is PacketType.LOGIN7):
            message = message._replace(type=PacketType.SSPI)
        return message

    def _step_sspi(self, responses):
        try:
            return super()._step_sspi(responses)
        except AuthenticationError:
            # SQL Server's answer to a Windows login it does not admit.
            self._send(responses, tds_connection.error_response(
                18456, f"Login failed for user '{self._acceptor.offered}'.",
                server=self._server_name, severity=14, tds_version=self._tds_version))
            self._state = tds_connection.ConnectionState.FAILED
            return True

pysqlbridge.server.Connection = WindowsLogins

sys.argv[0] = "pysqlbridge"
pysqlbridge.server.main()
