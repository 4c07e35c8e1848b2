#pragma once
// The CSV RecordReader (RFC 4180 as described in record_reader.h).
//
// Parsing happens in place in a ByteWindow: an unquoted field, and a quoted
// one without doubled quotes, is a view into the window; only a field holding
// '""' is unescaped, into one scratch buffer reused for every record. Parsing
// is resumable, so a record straddling a chunk boundary is never re-scanned.
//
// Decisions beyond record_reader.h:
//  - a CR directly before end of input ends the record like CRLF would;
//  - a line consisting of "\r\n" or "\r" at end of input counts as blank;
//  - in a record with `error` set, `fields` are best effort: a malformed
//    field is handed out as its raw bytes (quotes included);
//  - a quote left open swallows the rest of the file into one record, which
//    is then an error record; past ReaderOptions::max_record_bytes it is
//    instead thrown as Error(kDataError) naming its first line.

#include <memory>
#include <string>

#include "io/record_reader_internal.h"

namespace innocluster {

/// Opens `path` as CSV and reads its header (see open_records()).
std::unique_ptr<StreamingRecordReader> open_csv(const std::string& path,
                                                const ReaderOptions& options);

}  // namespace innocluster
