-- wrk script: citizens submitting appeals through the portal (durable: routed, stored, ledgered).
local texts = {
  "小区北门路灯坏了一个多月，晚上出行很不方便",
  "楼上卫生间漏水，天花板一直在滴水",
  "人行道井盖松动，老人走路容易绊倒",
  "夜间施工噪音太大，影响休息",
}
local categories = {"city.streetlight", "housing.leak", "road.damage", "city.noise"}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i + 1
  local k = (i % 4) + 1
  local body = '{"category":"' .. categories[k] .. '","text":"' .. texts[k] ..
    '","phone":"13800138000","address":"东湖街道柳岸小区' .. (i % 50) .. '栋"}'
  return wrk.format(nil, nil, nil, body)
end
