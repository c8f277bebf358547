-- Shared by every wrk script of the bench (bench/wrk_load.py puts it in front of the
-- benchmark's own script). Counts requests sent and answered and every status code per
-- thread, and at the end prints one line, "BENCH {json}", that wrk_load.py parses.
-- wrk's own summary only says "non-2xx or 3xx"; a benchmark must show every code.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

sent = 0
answered = 0
statuses = {}

-- The benchmark's request() calls this for every request it builds: requests sent minus
-- requests answered is what was still in flight when wrk stopped.
function count_sent()
  sent = sent + 1
end

function response(status, headers, body)
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
end

local function merged_statuses()
  local merged, total_sent, total_answered = {}, 0, 0
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses")) do
      merged[code] = (merged[code] or 0) + n
    end
    total_sent = total_sent + thread:get("sent")
    total_answered = total_answered + thread:get("answered")
  end
  local parts = {}
  for code, n in pairs(merged) do
    table.insert(parts, string.format('"%d":%d', code, n))
  end
  return table.concat(parts, ","), total_sent, total_answered
end

function done(summary, latency, requests)
  local codes, total_sent, total_answered = merged_statuses()
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"sent":%d,"answered":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"statuses":{%s},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, total_sent, total_answered,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, codes, e.connect, e.read, e.write, e.status, e.timeout))
end
