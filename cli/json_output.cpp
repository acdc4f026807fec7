#include "json_output.h"

#include <iostream>

namespace retort::cli {

void DeclareFormat(po::options_description& options) {
  options.add_options()("format", po::value<std::string>()->default_value("text"),
                        "text, or json for scripts (see docs/json.md)");
}

bool WantsJson(const po::variables_map& values) {
  const std::string format = values["format"].as<std::string>();
  if (format != "text" && format != "json") {
    throw UsageError("--format: unknown format '" + format + "'; use text or json");
  }
  return format == "json";
}

DocNode JsonReport() {
  DocNode report = DocNode::Map();
  report.Set("format_version", DocNode::Integer(kJsonFormatVersion));
  return report;
}

void PrintJson(const DocNode& report) { std::cout << report.ToJson(); }

std::string IsoUtc(const std::string& timestamp) {
  // The shape the history table's times are read back in (UTC, with a
  // fraction): "YYYY-MM-DD HH:MM:SS.ffffff+00:00".
  const std::string utc = "+00:00";
  if (timestamp.size() <= 19 + utc.size() || timestamp[10] != ' ' ||
      timestamp.compare(timestamp.size() - utc.size(), utc.size(), utc) != 0) {
    return timestamp;
  }
  return timestamp.substr(0, 10) + "T" +
         timestamp.substr(11, timestamp.size() - utc.size() - 11) + "Z";
}

DocNode TextOrNull(const std::string& text) {
  return text.empty() ? DocNode() : DocNode::Text(text);
}

DocNode RevisionJson(const RevisionInfo& info) {
  const RevisionHeader& header = info.header;
  DocNode revision = DocNode::Map();
  revision.Set("id", DocNode::Text(header.id))
      .Set("message", DocNode::Text(header.message))
      .Set("down_revisions", DocNode::TextList(header.down_revisions))
      .Set("depends_on", DocNode::TextList(header.depends_on))
      .Set("branch_labels", DocNode::TextList(info.branch_labels))
      .Set("children", DocNode::TextList(info.children))
      .Set("path", DocNode::Text(header.path))
      .Set("create_date", TextOrNull(header.create_date))
      .Set("is_head", DocNode::Bool(info.is_head))
      .Set("is_effective_head", DocNode::Bool(info.is_effective_head))
      .Set("is_branch_point", DocNode::Bool(info.is_branch_point))
      .Set("is_merge_point", DocNode::Bool(info.is_merge_point));
  return revision;
}

DocNode HistoryRowJson(const HistoryRow& row) {
  DocNode json = DocNode::Map();
  json.Set("id", DocNode::Integer(row.id))
      .Set("revision", DocNode::Text(row.revision))
      .Set("direction", DocNode::Text(row.direction))
      .Set("checksum", TextOrNull(row.checksum))
      .Set("started_at", DocNode::Text(IsoUtc(row.started_at)))
      .Set("finished_at", DocNode::Text(IsoUtc(row.finished_at)))
      .Set("duration_ms", DocNode::Real(row.duration_ms))
      .Set("executed_by", DocNode::Text(row.executed_by))
      .Set("tag", TextOrNull(row.tag))
      .Set("note", TextOrNull(row.note))
      .Set("previous_hash", TextOrNull(row.previous_hash))
      .Set("row_hash", TextOrNull(row.row_hash));
  return json;
}

DocNode PendingJson(const PendingRevision& pending) {
  DocNode json = DocNode::Map();
  json.Set("revision", DocNode::Text(pending.revision.id))
      .Set("message", DocNode::Text(pending.revision.message))
      .Set("down_revisions", DocNode::TextList(pending.revision.down_revisions))
      .Set("checksum", TextOrNull(pending.checksum));
  return json;
}

}  // namespace retort::cli
