#pragma once
// The JSON Lines RecordReader (as described in record_reader.h).
//
// Decisions beyond record_reader.h:
//  - lines are separated by LF; a CR before the LF is dropped; a line holding
//    only spaces, tabs or CR counts as blank;
//  - the first object is both the header and the first record;
//  - numbers and booleans are handed out as nlohmann::json::dump() writes
//    them (shortest round-trip form: 1.50 -> "1.5", 1e2 -> "100.0");
//  - a value that is an array or object, in a key of the header, makes the
//    record an error record ("nested array or object in key \"k\"");
//  - an error record that is not an object has no fields; otherwise its
//    fields are filled as far as possible;
//  - invalid UTF-8 inside a string makes the line invalid JSON.

#include <memory>
#include <string>

#include "io/record_reader_internal.h"

namespace innocluster {

/// Opens `path` as JSON Lines and reads its first object (see open_records()).
std::unique_ptr<StreamingRecordReader> open_jsonl(const std::string& path,
                                                  const ReaderOptions& options);

}  // namespace innocluster
