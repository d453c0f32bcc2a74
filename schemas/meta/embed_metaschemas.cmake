# Turns the bundled meta-schema documents into one C++ source (cmake -P, run by the build):
# each document becomes a raw string literal keyed by the id it declares, so the table cannot
# disagree with the documents. Inputs: DATA_DIR, FILES ('|'-separated, relative), OUTPUT.
string(REPLACE "|" ";" files "${FILES}")
set(delimiter "metaschema")
set(entries "")
foreach(file IN LISTS files)
  file(READ "${DATA_DIR}/${file}" text)
  if(text MATCHES "\\)${delimiter}\"")
    message(FATAL_ERROR "${file} contains the raw string delimiter ')${delimiter}\"'")
  endif()
  # draft-04 names its identifier "id"; later dialects "$id".
  string(JSON uri ERROR_VARIABLE no_dollar_id GET "${text}" "$id")
  if(no_dollar_id)
    string(JSON uri ERROR_VARIABLE no_id GET "${text}" "id")
    if(no_id)
      message(FATAL_ERROR "${file} declares neither $id nor id")
    endif()
  endif()
  string(REGEX REPLACE "#$" "" uri "${uri}")
  string(APPEND entries "    {\"${uri}\",\n     R\"${delimiter}(${text})${delimiter}\"},\n")
endforeach()

set(source "// Generated from schemas/meta/data by schemas/meta/embed_metaschemas.cmake; edits are overwritten.
#include \"schemas/meta/bundled_metaschemas.hpp\"

namespace toolgate::schemas::detail {

const BundledMetaschema bundled_metaschemas[] = {
${entries}};

const std::size_t bundled_metaschema_count = sizeof(bundled_metaschemas) / sizeof(bundled_metaschemas[0]);

}  // namespace toolgate::schemas::detail
")

file(WRITE "${OUTPUT}" "${source}")
