#!/usr/bin/env python3
"""Rehearses docker-compose.yml's Keycloak without a Docker engine (docs/scaling.md, "Rehearsed without Docker").

Keycloak's own distribution -- the 26.0 line the compose image runs, from Maven Central -- started as compose starts
it (start-dev --import-realm, port 8081, KC_HOSTNAME http://localhost:8081) with the repo's keycloak/sharefab-realm.json,
and the app (java -jar sharefab.jar, no dev profile) configured as compose configures it (SHAREFAB_ISSUER,
SHAREFAB_JWK_SET_URI, SHAREFAB_AUDIENCE). Then, with tokens from Keycloak's password grant for the realm's users:
their claims, the firms signing themselves up, a listing published and an order placed, the auditor's view, and the
refusals (a buyer publishing, a token with a broken signature, no token). Prints PASS or FAIL per step and a closing
"N passed, N failed" line; exits non-zero when a step failed. Stops everything it started.

    python3 scripts/rehearse-keycloak.py     after: mvn -o -B -q -DskipTests package   (~2 min; the first run also
                                             downloads Keycloak, 147 MB, into ~/.cache/sharefab)

Needs java 21+ for Keycloak (KEYCLOAK_JAVA_HOME, default: the JVM on PATH if it is 21+, else
/usr/lib/jvm/temurin-25-jdk-amd64) and java 17+ for the app. Environment: SHAREFAB_JAR (app/target/sharefab.jar),
KEYCLOAK_VERSION (26.0.8), REHEARSAL_KC_PORT (8081: the realm's issuer names it), REHEARSAL_APP_PORT (18090),
REHEARSAL_KEEP=1 keeps the work directory (logs) afterwards.
"""
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = Path(os.environ.get("SHAREFAB_JAR", ROOT / "app" / "target" / "sharefab.jar"))
VERSION = os.environ.get("KEYCLOAK_VERSION", "26.0.8")
KC_PORT = int(os.environ.get("REHEARSAL_KC_PORT", "8081"))
APP_PORT = int(os.environ.get("REHEARSAL_APP_PORT", "18090"))
ISSUER = f"http://localhost:{KC_PORT}/realms/sharefab"
CACHE = Path.home() / ".cache" / "sharefab"

passed = failed = 0
processes = []


def report(ok, step, detail="", show=False):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS  {step}")
    else:
        failed += 1
        print(f"FAIL  {step}")
    if detail and (show or not ok):
        for line in str(detail).splitlines()[:20]:
            print(f"      {line}")
    sys.stdout.flush()
    return ok


def http(method, url, body=None, headers=None, form=None):
    data = None
    headers = dict(headers or {})
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        return 0, str(e)


def graphql(token, query, variables=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    status, text = http("POST", f"http://127.0.0.1:{APP_PORT}/graphql", {"query": query, "variables": variables or {}},
                        headers)
    try:
        return status, json.loads(text)
    except ValueError:
        return status, {"raw": text}


def error_code(answer):
    errors = answer.get("errors") or []
    return errors[0].get("extensions", {}).get("code") if errors else None


def await_url(url, seconds, log):
    deadline = time.time() + seconds
    while time.time() < deadline and all(p.poll() is None for p in processes):
        status, text = http("GET", url)
        if status == 200 and '"UP"' in text:
            return True
        time.sleep(1)
    print(f"      not ready after {seconds} s; last lines of {log}:")
    for line in Path(log).read_text(errors="replace").splitlines()[-15:]:
        print(f"      {line}")
    return False


def claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def uscc(n):
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    body = "913702" + f"{n:011d}"
    total = sum(alphabet.index(c) * w for c, w in zip(body, weights))
    return body + alphabet[(31 - total % 31) % 31]


def java_home_21():
    if os.environ.get("KEYCLOAK_JAVA_HOME"):
        return os.environ["KEYCLOAK_JAVA_HOME"]
    java = shutil.which("java")
    if java:
        version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
        major = version.split('"')[1].split(".")[0] if '"' in version else "0"
        if major.isdigit() and int(major) >= 21:
            return str(Path(java).resolve().parent.parent)
    return "/usr/lib/jvm/temurin-25-jdk-amd64"


def keycloak_home(work):
    archive = CACHE / f"keycloak-quarkus-dist-{VERSION}.zip"
    if not archive.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        url = (f"https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/{VERSION}/"
               f"keycloak-quarkus-dist-{VERSION}.zip")
        print(f"downloading {url}")
        urllib.request.urlretrieve(url, archive.with_suffix(".part"))
        archive.with_suffix(".part").rename(archive)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(work)
    home = work / f"keycloak-{VERSION}"
    for script in (home / "bin").glob("*.sh"):
        script.chmod(0o755)
    return home


def start(command, env, log):
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    processes.append(process)
    return process


def stop_all():
    for process in reversed(processes):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in reversed(processes):
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main():
    work = Path(tempfile.mkdtemp(prefix="sharefab-keycloak."))
    try:
        run(work)
    finally:
        stop_all()
        if os.environ.get("REHEARSAL_KEEP") == "1":
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"rehearse-keycloak: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def run(work):
    if not JAR.exists():
        report(False, f"app jar {JAR} (build it: mvn -o -B -q -DskipTests package)")
        return
    # 1. Keycloak as compose runs it: the realm file in data/import, start-dev --import-realm.
    home = keycloak_home(work)
    (home / "data" / "import").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "keycloak" / "sharefab-realm.json", home / "data" / "import" / "sharefab-realm.json")
    kc_log = work / "keycloak.log"
    start([str(home / "bin" / "kc.sh"), "start-dev", "--import-realm"],
          {"JAVA_HOME": java_home_21(),
           # Keycloak 26.0's Byte Buddy predates Java 25: let it work on class files newer than it knows
           "JAVA_OPTS_APPEND": "-Dnet.bytebuddy.experimental=true",
           "KC_BOOTSTRAP_ADMIN_USERNAME": "admin", "KC_BOOTSTRAP_ADMIN_PASSWORD": "admin",
           "KC_HTTP_PORT": str(KC_PORT), "KC_HOSTNAME": f"http://localhost:{KC_PORT}", "KC_HEALTH_ENABLED": "true"},
          kc_log)
    if not report(await_url("http://127.0.0.1:9000/health/ready", 240, kc_log),
                  f"Keycloak {VERSION} ready with the realm imported (start-dev --import-realm, port {KC_PORT})"):
        return

    # 2. Tokens from Keycloak's password grant, and what they claim.
    tokens = {}
    for user, password in [("wang.factory", "factory"), ("li.buyer", "buyer"), ("zhao.auditor", "auditor"),
                           ("ops", "operator")]:
        status, text = http("POST", f"http://127.0.0.1:{KC_PORT}/realms/sharefab/protocol/openid-connect/token",
                            form={"grant_type": "password", "client_id": "sharefab-app", "username": user,
                                  "password": password})
        token = json.loads(text).get("access_token") if status == 200 else None
        if not report(token is not None, f"password grant for {user}", None if token else f"{status} {text}"):
            return
        tokens[user] = token
    factory_claims = claims(tokens["wang.factory"])
    audience = factory_claims.get("aud")
    audience = audience if isinstance(audience, list) else [audience]
    report(factory_claims.get("iss") == ISSUER and "sharefab-api" in audience
           and factory_claims.get("firm_id") == "7d1c3f7e-2f4e-4a39-9d1c-0c9b1a2b3c4d",
           "a token names the issuer, the sharefab-api audience and the user's firm_id",
           json.dumps({k: factory_claims.get(k) for k in ("iss", "aud", "firm_id", "realm_access", "roles")},
                      ensure_ascii=False), show=True)

    # 3. The app, configured as compose configures it (no dev profile: no development issuer).
    app_log = work / "app.log"
    start(["java", "-jar", str(JAR), f"--server.port={APP_PORT}"],
          {"SHAREFAB_ISSUER": ISSUER,
           "SHAREFAB_JWK_SET_URI": f"http://127.0.0.1:{KC_PORT}/realms/sharefab/protocol/openid-connect/certs",
           "SHAREFAB_AUDIENCE": "sharefab-api", "SHAREFAB_DATA_DIR": str(work / "app-data")},
          app_log)
    if not report(await_url(f"http://127.0.0.1:{APP_PORT}/actuator/health/readiness", 120, app_log),
                  "app ready with Keycloak as its issuer"):
        return

    # 4. Firms sign themselves up under their token's firm_id; a listing, an order.
    def register(user, role, n):
        firm_id = claims(tokens[user])["firm_id"]
        status, answer = graphql(tokens[user], "mutation($input: RegisterFirmInput!) { registerFirm(input: $input) "
                                               "{ firm { id roles } } }",
                                 {"input": {"firmId": firm_id, "name": f"胶州帽业 {user}", "uscc": uscc(n),
                                            "roles": [role], "contactName": "王伟",
                                            "contactPhone": "+86 532 8888 1234"}})
        firm = (answer.get("data") or {}).get("registerFirm") or {}
        return report(status == 200 and (firm.get("firm") or {}).get("id") == firm_id,
                      f"{user} ({role}) signs up its firm {firm_id} with a Keycloak token", json.dumps(answer,
                                                                                                  ensure_ascii=False))

    seed = int(time.time()) % 10_000_000
    if not (register("wang.factory", "FACTORY", seed) and register("li.buyer", "BUYER", seed + 1)):
        return
    today = date.today()
    listing_id = f"emb-{uuid.uuid4()}"
    listing = {"listingId": listing_id, "stepCode": "headwear.embroidery", "unit": "piece", "unitPriceFen": 120,
               "minOrderQuantity": 1, "dailyCapacity": 2000, "bookableFrom": str(today + timedelta(days=1)),
               "bookableTo": str(today + timedelta(days=60)), "leadTimeDays": 0, "province": "山东", "city": "青岛",
               "requiredMaterials": ["caps"], "qualityStandard": "GB/T 2912"}
    publish = "mutation($input: PublishListingInput!) { publishListing(input: $input) { listing { id } } }"
    status, answer = graphql(tokens["wang.factory"], publish, {"input": listing})
    report(status == 200 and not answer.get("errors"), "the factory publishes a listing",
           json.dumps(answer, ensure_ascii=False))

    order_id = f"order-{uuid.uuid4()}"
    status, answer = graphql(tokens["li.buyer"], "mutation($input: PlaceOrderInput!) { placeOrder(input: $input) "
                                                 "{ orderId order { status buyerFirmId } } }",
                             {"input": {"orderId": order_id, "listingId": listing_id, "quantity": 100,
                                        "windowFrom": str(today + timedelta(days=1)),
                                        "windowTo": str(today + timedelta(days=10)),
                                        "materials": [{"material": "caps", "quantity": 110}],
                                        "inHouseUnitCostFen": 220}})
    order = ((answer.get("data") or {}).get("placeOrder") or {}).get("order") or {}
    report(status == 200 and order.get("buyerFirmId") == claims(tokens["li.buyer"])["firm_id"]
           and order.get("status") in ("PLACED", "PAYMENT_DUE"),
           "the buyer places an order on it, as its own firm", json.dumps(answer, ensure_ascii=False))

    # 5. Roles from the realm: the auditor sees every firm; a buyer may not publish.
    status, answer = graphql(tokens["zhao.auditor"], "{ firms(first: 50) { edges { node { id } } } }")
    ids = {edge["node"]["id"] for edge in ((answer.get("data") or {}).get("firms") or {}).get("edges", [])}
    report({claims(tokens["wang.factory"])["firm_id"], claims(tokens["li.buyer"])["firm_id"]} <= ids,
           "the auditor's token sees every firm", json.dumps(answer, ensure_ascii=False))
    status, answer = graphql(tokens["li.buyer"], publish, {"input": {**listing, "listingId": f"emb-{uuid.uuid4()}"}})
    report(error_code(answer) == "FORBIDDEN", "a BUYER token may not publish a listing (FORBIDDEN)",
           json.dumps(answer, ensure_ascii=False))
    replays = "{ replayStatus { id state } }"
    status, answer = graphql(tokens["ops"], replays)
    report(status == 200 and not answer.get("errors"), "the OPERATOR token may ask for the replays (operator only)",
           json.dumps(answer, ensure_ascii=False))
    status, answer = graphql(tokens["zhao.auditor"], replays)
    report(error_code(answer) == "FORBIDDEN", "the AUDITOR token may not (FORBIDDEN)", json.dumps(answer))

    # 6. What is refused at the door.
    head, payload, signature = tokens["li.buyer"].split(".")
    broken = f"{head}.{payload}.{signature[:-4]}{'AAAA' if signature[-4:] != 'AAAA' else 'BBBB'}"
    status, answer = graphql(broken, "{ firms(first: 1) { edges { node { id } } } }")
    report(status == 401 and error_code(answer) == "UNAUTHENTICATED",
           "a token with a broken signature: 401 UNAUTHENTICATED", f"{status} {json.dumps(answer)}")
    status, answer = graphql(None, "{ firms(first: 1) { edges { node { id } } } }")
    report(error_code(answer) in ("UNAUTHENTICATED", "FORBIDDEN"), "no token: refused with a code",
           f"{status} {json.dumps(answer)}")


if __name__ == "__main__":
    sys.exit(main())
