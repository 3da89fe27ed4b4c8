import json, random, re, sys
# Usage: start a test cluster (start-cluster.sh with CLUSTER_DIR=/tmp/eh-cluster APISERVER_PORT=27443), then
#   python3 probe-quantities.py 500 > writes quantities.tsv
import json, ssl, sys, urllib.request, base64, time
TOKEN = open('/tmp/eh-cluster/pki/admin.token').read().strip()
CTX = ssl.create_default_context(cafile='/tmp/eh-cluster/pki/ca.crt')
BASE = 'https://127.0.0.1:27443'
def post(path, body, timeout=60):
    req = urllib.request.Request(BASE + path, data=body.encode() if isinstance(body, str) else body, method='POST',
        headers={'Authorization': 'Bearer ' + TOKEN, 'Content-Type': 'application/json'})
    t = time.time()
    try:
        with urllib.request.urlopen(req, context=CTX, timeout=timeout) as r:
            return r.status, json.loads(r.read()), time.time() - t
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read()), time.time() - t
random.seed(20261202)
def pod(raw):
    return '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"q"},"spec":{"containers":[{"name":"c","image":"x:1"}],"volumes":[{"name":"v","emptyDir":{"sizeLimit":%s}}]}}' % raw
curated = ["1","0","-0","+0","000","0.","1.","1.G",".5","-.5","+.5",".","-","+","e3","E3","e-9","e-10",".e-10","0e-10","Mi","Ki","Gi","Ti","Pi","Ei","0Pi",".Ki","-Mi","m","k","n","u","M","G","T","P","E",
 "500m","100m","1Ki","64Mi","1Gi","16Gi","1G","1Ti","2e3","1E3","1e+3","1e-3","1e003","1E","1e","1e+","1e-","1ki","1KI","1mi","1GB","1 Gi"," 1Gi","1Gi ","\u00a01","1,5","1_000","0x10","1.5.5","abc","","1e4294967296","1e4294967297","1e-4294967296","1e9223372036854775807","1e9223372036854775808","1e-9223372036854775808","1e-9223372036854775809",
 "0.1n","1.0000000001","0.0000000001Ki","1.5Ki","0.5Ki","0.0001Ki","1.1Ei","8Ei","7.99Ei","9223372036854775807","9223372036854775808","99999999999999999999","99999999999Ei","1e19Ki","18446744073709551616","0.000000000000000000000000000000000000000000000000000000000000000000000000000001Ki",
 "123456789012345678901234567890","1.23456789012345678901234567890","-1","-1.5Gi","-0.1n","--1","+-1","1e3e","1e3.5","1Mi3","1mk","1ei","1Ee3","1e1000","1e-1000","123.456e-20","9.999999999999999999999e-9","0.0000000009999999999","1e99999","5e-99999"]
def rnd():
    s = random.choice(["", "", "", "+", "-"])
    s += "0" * random.choice([0,0,0,1,3])
    s += "".join(random.choice("0123456789") for _ in range(random.choice([0,1,1,2,3,5,9,15,19,25])))
    if random.random() < 0.5:
        s += "." + "".join(random.choice("0123456789") for _ in range(random.choice([0,1,2,3,6,9,10,12,20])))
    suf = random.choice(["", "", "n","u","m","k","M","G","T","P","E","Ki","Mi","Gi","Ti","Pi","Ei","e","E","x"])
    if suf in ("e","E"):
        suf += random.choice(["", "+", "-"]) + str(random.choice([0,1,2,3,5,9,10,11,12,18,19,20,25,30]))
    return s + suf
cases = curated + [rnd() for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 400)]
seen = set()
out = open('quantities.tsv', 'w')
out.write("# input (JSON string value)\tverdict\tstored (canonical) or message\n")
for c in cases:
    if c in seen: continue
    seen.add(c)
    raw = json.dumps(c, ensure_ascii=False)
    code, body, dt = post('/api/v1/namespaces/default/pods?dryRun=All', pod(raw).encode('utf-8'), timeout=60)
    if code == 201:
        v = body['spec']['volumes'][0]['emptyDir'].get('sizeLimit')
        out.write("%s\tstored\t%s\n" % (raw, v))
    elif code == 422:
        m = re.search(r'sizeLimit: Invalid value: "([^"]*)"', body.get('message',''))
        out.write("%s\tinvalid\t%s\n" % (raw, m.group(1) if m else body.get('message','')))
    elif code == 400:
        out.write("%s\trefused\t%s\n" % (raw, body.get('message','').split(': ',1)[-1]))
    else:
        out.write("%s\terror-%d\t%s\n" % (raw, code, body.get('message','')[:100]))
    out.flush()
