module github.com/klaver/klaver

go 1.26
