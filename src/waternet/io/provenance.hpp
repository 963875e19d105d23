// Provenance: what produced an output, so a result can be traced and reproduced.
//
// Every run writes a JSON record beside its outputs (program, version, command line, scenario,
// parameters, and every input file with its SHA-256 and size), and the same facts go into the COG
// metadata (see to_metadata()), so a map that travels alone still says where it came from.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "waternet/core/memory.hpp"
#include "waternet/core/version.hpp"

namespace wn {

// SHA-256 of a file's contents as 64 lowercase hex digits, read in 1 MiB chunks (inputs can be GBs). For a folder (AHN
// tiles, io/raster_mosaic.hpp): the SHA-256 of the list of its files' names and SHA-256s, in name order.
// InputError if the file cannot be read.
std::string sha256_file(const std::filesystem::path& path);
// The fingerprint of an input as a run reads it: sha256_file, except for a VRT (a mosaic of AHN tiles), whose
// fingerprint covers its text and every file it reads, so a changed tile changes it and a cached run is redone.
std::string sha256_input(const std::filesystem::path& path);
// SHA-256 of bytes in memory, same format.
std::string sha256_hex(std::string_view bytes);

// Current UTC time as ISO 8601 with seconds, e.g. "2024-05-01T12:34:56Z".
std::string utc_now_iso8601();

struct InputRecord {
    std::string role;    // what the input is for: "dem", "buildings", "rainfall", ...
    std::string path;    // as given by the user
    std::string sha256;  // of the contents at the time of the run
    std::uintmax_t bytes = 0;
};

// How much memory a run held at most, beside the number of grid cells it worked on, so that the memory a cell costs
// can be read off (and compared between runs and releases). Whole-process resident memory (core/memory.hpp), so it
// includes the program and its libraries (some tens of MB): small grids show a high cost per cell.
struct MemoryRecord {
    std::uint64_t peak_resident_bytes = 0;
    std::uint64_t start_resident_bytes = 0;  // when the run started (what it found already held)
    std::int64_t grid_cells = 0;             // rows × cols of the run's grid (for several grids: their sum)
    bool peak_of_this_run = true;            // false: the process's peak since it started (no reset possible)
};

struct Provenance {
    std::string program = "waternet";
    std::string version = kVersion;
    std::string command_line;
    std::string scenario;
    std::vector<InputRecord> inputs;
    nlohmann::json parameters = nlohmann::json::object();
    std::string created_utc = utc_now_iso8601();
    std::optional<MemoryRecord> memory;  // written as "memory" when set

    // Records an input, hashing it now (InputError if it cannot be read).
    void add_input(std::string role, const std::filesystem::path& path);

    // Sets `memory` from a watch started with the run (core/memory.hpp).
    void record_memory(const PeakMemoryWatch& watch, std::int64_t grid_cells);

    nlohmann::json to_json() const;
    // The headline facts as COG metadata items (WATERNET_PROGRAM, _VERSION, _COMMAND, _SCENARIO, _CREATED_UTC),
    // ready for WriteOptions::metadata.
    std::map<std::string, std::string> to_metadata() const;
};

// Writes to_json() as indented JSON, atomically (parent directories created as needed).
void write_provenance(const std::filesystem::path& path, const Provenance& provenance);

}  // namespace wn
