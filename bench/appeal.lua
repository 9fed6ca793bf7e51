-- wrk script: citizens submitting appeals through the portal (durable: routed, stored, ledgered).
-- The body of request i depends on i % 4 (category and text) and i % 50 (house number), so the
-- sequence repeats every 100 requests: they are formatted once in init(), which keeps wrk's own
-- CPU per request (it shares the cores with the server) close to that of a plain GET.
local texts = {
  "小区北门路灯坏了一个多月，晚上出行很不方便",
  "楼上卫生间漏水，天花板一直在滴水",
  "人行道井盖松动，老人走路容易绊倒",
  "夜间施工噪音太大，影响休息",
}
local categories = {"city.streetlight", "housing.leak", "road.damage", "city.noise"}
local period = 100
local requests = {}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

init = function(args)
  for n = 1, period do
    local k = (n % 4) + 1
    local body = '{"category":"' .. categories[k] .. '","text":"' .. texts[k] ..
      '","phone":"13800138000","address":"东湖街道柳岸小区' .. (n % 50) .. '栋"}'
    requests[n] = wrk.format(nil, nil, nil, body)
  end
end

request = function()
  i = i + 1
  return requests[(i - 1) % period + 1]
end
