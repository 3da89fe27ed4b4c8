# Sourced by the webhook scripts (apiserver-latency.sh, reliability.sh): publishes what they measure into $work.
# Needs $repo and $work; sets server_bin (SERVER, or build/publish.sh's Native AOT binary, as shipped) and loadgen
# (the command that runs tests/Guardrails.LoadGen). Exits 2 with the build log when a publish fails.
if [ -n "${SERVER:-}" ]; then
  server_bin="$(realpath "$SERVER")"
  echo "== using $server_bin (not published here)"
else
  echo "== publishing the server (build/publish.sh, Native AOT)"
  "$repo/build/publish.sh" "$work/publish" >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 2; }
  server_bin="$work/publish/guardrails"
fi
echo "== publishing the load generator"
dotnet publish "$repo/tests/Guardrails.LoadGen" -c Release -o "$work/loadgen" --artifacts-path "$work/artifacts/loadgen" -nologo \
  >"$work/publish-loadgen.log" 2>&1 || { cat "$work/publish-loadgen.log"; exit 2; }
loadgen=(dotnet "$work/loadgen/guardrails-loadgen.dll")
