-- wrk script for bench/load.py: every connection walks the site's pages in
-- every locale (one path per line in the file given after `--`), each thread
-- starting at a different place so all pages are in flight at once. It sends
-- what a browser sends, so responses are compressed as a reader gets them,
-- and prints a JSON summary for load.py to read.

local paths = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  index = offset or 0
  wrk.headers["Accept"] = "text/html,application/xhtml+xml,*/*;q=0.8"
  wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
  wrk.headers["Accept-Language"] = "ar-SY,ar;q=0.9,en;q=0.5"
end

function request()
  index = index + 1
  return wrk.format("GET", paths[(index % #paths) + 1])
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
