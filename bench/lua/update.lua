-- PATCH one customer, alternating its first name so that every request really writes.
local names = {"Ada", "Grace"}
local counter = 0
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, string.format('{"first_name":"%s"}', names[counter % 2 + 1]))
end
