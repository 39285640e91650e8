-- POST a new customer per request, each with a unique valid UK mobile number (+44 7410 …,
-- a block the seed command never uses). BENCH_TOKEN: a JWT access token.
local counter = tonumber(os.getenv("BENCH_PHONE_START") or "0")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

request = function()
  counter = counter + 1
  local body = string.format(
    '{"first_name":"Bench","last_name":"Créé","phone_number":"+447410%06d","date_of_birth":"1990-01-02"}',
    counter)
  return wrk.format(nil, nil, nil, body)
end
