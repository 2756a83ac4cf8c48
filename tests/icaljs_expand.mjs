// Expand an .ics file the way Thunderbird does, with Mozilla's ical.js.
// Usage: node tests/icaljs_expand.mjs FILE FROM_ISO TO_ISO
// Prints a JSON list of {uid, start, status, summary}, one per
// occurrence starting in [FROM, TO), overrides (RECURRENCE-ID) applied;
// `start` is UTC (2027-03-03T16:00:00Z), or the date of an all-day event.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, from, to] = process.argv.slice(2);
const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const start = ICAL.Time.fromJSDate(new Date(from), true);
const end = ICAL.Time.fromJSDate(new Date(to), true);
const vevents = calendar.getAllSubcomponents("vevent");
const found = [];

function record(uid, details) {
  const when = details.startDate;
  if (when.compare(start) < 0 || when.compare(end) >= 0) return;
  const item = details.item.component;
  found.push({
    uid,
    start: when.isDate ? when.toString() : when.toJSDate().toISOString().replace(".000Z", "Z"),
    status: item.getFirstPropertyValue("status"),
    summary: item.getFirstPropertyValue("summary"),
  });
}

for (const master of vevents.filter((v) => !v.hasProperty("recurrence-id"))) {
  // Its own overrides only: given none, ical.js relates every RECURRENCE-ID in the
  // calendar to every event, whatever its UID (as a calendar app does not).
  const uid = master.getFirstPropertyValue("uid");
  const exceptions = vevents.filter(
    (v) => v.hasProperty("recurrence-id") && v.getFirstPropertyValue("uid") === uid,
  );
  const event = new ICAL.Event(master, { strictExceptions: true, exceptions });
  if (!event.isRecurring()) {
    record(event.uid, { startDate: event.startDate, item: event });
    continue;
  }
  const iterator = event.iterator();
  for (let next = iterator.next(); next && next.compare(end) < 0; next = iterator.next()) {
    record(event.uid, event.getOccurrenceDetails(next));
  }
}
found.sort((a, b) => (a.start + a.uid).localeCompare(b.start + b.uid));
console.log(JSON.stringify(found));
