-- POST /api/v1/tickets as a kiosk does: bearer token, JSON body, and an Idempotency-Key
-- that is unique per request (run id, thread, counter), so every request issues a ticket.
-- Arguments after "--": kiosk token, run id, comma-separated service ids.

local token, run_id
local services = {}
local counter = 0

function init(args)
  token, run_id = args[1], args[2]
  for service in string.gmatch(args[3], "[^,]+") do
    table.insert(services, service)
  end
end

function request()
  counter = counter + 1
  count_sent()
  local service = services[(counter % #services) + 1]
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = run_id .. "-" .. thread_id .. "-" .. counter,
  }
  return wrk.format("POST", "/api/v1/tickets", headers, '{"service_id":"' .. service .. '"}')
end
