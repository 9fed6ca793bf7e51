-- wrk script: a signed-in clerk changing presence, the durable write path (one ledger event each).
-- COOKIE and CSRF come from the environment (set by scripts/bench.sh after a real login).
local statuses = {"on_duty", "break", "out", "off"}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("CSRF")
request = function()
  i = i + 1
  return wrk.format(nil, nil, nil, '{"status":"' .. statuses[(i % 4) + 1] .. '"}')
end
