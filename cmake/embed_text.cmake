# Writes a C++ source defining one std::string_view per input text file, so
# that report assets (CSS, JavaScript) are edited as files of their own and
# compiled into the binary. Run by add_custom_command with
#   -DOUTPUT=<file.cc> -DNAMESPACE=<ns> -DINPUTS=<name=path;name=path;...>
set(delimiter "asset_text")
set(body "// Generated from the files named below by cmake/embed_text.cmake: do not edit.\n#include <string_view>\n\nnamespace ${NAMESPACE} {\n")
foreach(pair IN LISTS INPUTS)
  string(REPLACE "=" ";" parts "${pair}")
  list(GET parts 0 name)
  list(GET parts 1 path)
  file(READ "${path}" text)
  string(FIND "${text}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${path} contains the raw-string delimiter )${delimiter}\"")
  endif()
  string(APPEND body "// ${path}\nextern const std::string_view ${name};\nconst std::string_view ${name} = R\"${delimiter}(${text})${delimiter}\";\n")
endforeach()
string(APPEND body "}  // namespace ${NAMESPACE}\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
