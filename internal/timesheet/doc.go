// Package timesheet reads the CSV exports of time trackers as a stream of
// entries of tracked time: Toggl Track's detailed report, Clockify's
// detailed report, Harvest's detailed time report, Kimai's CSV export (in
// the exporting user's language) and a generic CSV with the header
// person,start,end,duration,client,project,description,tags.
//
// The format is recognised from the header row, never from the file name,
// and columns are found by name, so that older exports with fewer columns
// and customised column sets read the same. Dates and times are local
// wall-clock values as the export writes them; turning them into instants
// is the caller's business, in the time zone it chooses.
//
// A bad row is an error value that names the file, the line, the column
// and the value, and reading goes on with the next row: one mistyped cell
// does not cost a whole export. README.md lists what each format writes
// and the choices made where exports are ambiguous.
package timesheet
