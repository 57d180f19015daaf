module github.com/klaver/klaver/bench

go 1.26.0

require (
	github.com/apognu/gocal v0.9.1
	github.com/arran4/golang-ical v0.3.4
	github.com/emersion/go-ical v0.0.0-20250329121855-f41e73efc392
	github.com/klaver/klaver v0.0.0-00010101000000-000000000000
	github.com/teambition/rrule-go v1.8.2
)

require github.com/ChannelMeter/iso8601duration v0.0.0-20150204201828-8da3af7a2a61 // indirect

replace github.com/klaver/klaver => ../
