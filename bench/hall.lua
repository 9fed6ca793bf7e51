-- wrk script: the live hall's write path. Every second request takes a ticket at the kiosk (public);
-- the others drive windows 1-11 of the demo hall as the supervisor, cycling call-next, start,
-- finish per window. Concurrent connections make some window commands arrive out of turn (409,
-- counted as non-2xx); each request is still one durable hall write or a refusal that changes
-- nothing. HALL_COOKIE / HALL_CSRF come from scripts/bench.sh (a supervisor login).
local services = {"A", "B", "C", "D", "E", "F", "G", "H"}
local actions = {"call-next", "start", "finish"}
local i = 0
local cookie = os.getenv("HALL_COOKIE")
local csrf = os.getenv("HALL_CSRF")
request = function()
  i = i + 1
  if i % 2 == 1 then
    local body = '{"service":"' .. services[(i % #services) + 1] .. '"}'
    return wrk.format("POST", "/api/v1/halls/1/tickets", {["Content-Type"] = "application/json"}, body)
  end
  local k = math.floor(i / 2)
  local window = (k % 11) + 1
  local action = actions[(math.floor(k / 11) % 3) + 1]
  return wrk.format("POST", "/api/v1/windows/" .. window .. "/" .. action,
                    {["Cookie"] = cookie, ["X-CSRF-Token"] = csrf}, nil)
end
