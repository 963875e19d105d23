#include "waternet/fetch/fetch.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "waternet/core/error.hpp"
#include "waternet/fetch/join.hpp"
#include "waternet/fetch/manifest.hpp"
#include "waternet/fetch/validate.hpp"
#include "waternet/io/provenance.hpp"

namespace wn::fetch {

namespace {

struct Job {
    const Source* source = nullptr;
    std::string url;
    std::string path;  // relative to the data folder
    ExpectedFormat format = ExpectedFormat::vector;
    const FetchArea* area = nullptr;  // bbox sources: for the next page
    int page = 1;
};

enum class FailureKind { unreachable, other };
struct Failure {
    FailureKind kind;
    std::string text;
};

// RD metres as they go into a URL: whole metres without decimals, others with up to 3.
std::string coordinate(double v) { return fmt::format("{}", std::round(v * 1000.0) / 1000.0); }

std::string page_text(int page) { return fmt::format("{:04d}", page); }

Job bbox_job(const Source& s, const FetchArea& area, int page) {
    Job job;
    job.source = &s;
    job.format = s.format;
    job.area = &area;
    job.page = page;
    const long long start = static_cast<long long>(page - 1) * s.page_size;
    job.url = fill_template(s.url,
                            {{"xmin", coordinate(area.min_x)},
                             {"ymin", coordinate(area.min_y)},
                             {"xmax", coordinate(area.max_x)},
                             {"ymax", coordinate(area.max_y)},
                             {"startindex", std::to_string(start)},
                             {"count", std::to_string(s.page_size)}},
                            s.id + ".url");
    job.path = fill_template(s.file, {{"area", area.name}, {"page", page_text(page)}}, s.id + ".file");
    return job;
}

// A tile's name becomes a file name: it must not be able to leave the folder or hide itself.
void require_safe_tile_name(const std::string& name, const Source& s) {
    const bool safe = !name.empty() && name.front() != '.' && name.find('/') == std::string::npos &&
                      name.find('\\') == std::string::npos && name.find('\0') == std::string::npos;
    if (!safe)
        throw InputError(fmt::format("{}: the tile index names a tile '{}', which cannot be a file name", s.id, name));
}

class Fetcher {
public:
    Fetcher(const FetchOptions& options, const ExecutionContext& context)
        : options_(options), context_(context), manifest_(Manifest::load(options.out_dir)) {}

    // Runs `jobs` (and the pages they lead to) with the parallel limit; returns when all are done or stopped.
    void run(std::deque<Job> jobs, const std::string& label) {
        queue_ = std::move(jobs);
        stop_ = false;
        active_ = 0;
        done_ = 0;
        ProgressStage progress(context_, label, static_cast<double>(queue_.size()));
        progress_ = &progress;
        std::vector<std::thread> workers;
        const int count =
            std::max(1, std::min<int>(options_.parallel, static_cast<int>(std::max<std::size_t>(queue_.size(), 1))));
        for (int i = 0; i < count; ++i) workers.emplace_back([this] { work(); });
        for (auto& w : workers) w.join();
        progress_ = nullptr;
        if (error_) std::rethrow_exception(error_);  // the stage ends as stopped
        progress.finish();
    }

    const std::vector<Failure>& failures() const { return failures_; }

    // Builds every `join` file from the files of its sources that are complete, unless the manifest confirms it
    // was built from exactly these files (their paths and SHA-256) and is unchanged on disk.
    void join_all() {
        for (auto& [target, join] : joins_) {
            context_.throw_if_cancelled();
            std::vector<JoinPart> parts;
            std::string fingerprint_text, crs;
            std::vector<std::string> licence_list;
            for (auto& [order, part] : join.parts) {
                std::sort(part.files.begin(), part.files.end());
                JoinPart joined{part.layer, part.crs, {}};
                for (const std::string& path : part.files) {
                    joined.files.push_back(options_.out_dir / path);
                    fingerprint_text += part.layer + "\n" + path + "\n" + manifest_.find(path)->sha256 + "\n";
                }
                parts.push_back(std::move(joined));
                if (std::find(licence_list.begin(), licence_list.end(), part.licence) == licence_list.end())
                    licence_list.push_back(part.licence);
                if (crs.empty()) crs = part.crs;
            }
            const std::string fingerprint = sha256_hex(fingerprint_text);
            if (manifest_.confirms_joined(options_.out_dir, target, fingerprint)) continue;
            const std::filesystem::path file = options_.out_dir / target;
            build_joined_file(file, join.format, parts, context_.cancel);
            ManifestEntry entry;
            entry.path = target;
            entry.source = join.source_ids;
            entry.fetched_utc = utc_now_iso8601();
            entry.licence = fmt::format("{}", fmt::join(licence_list, "; "));
            entry.crs = crs;
            entry.size_bytes = std::filesystem::file_size(file);
            entry.sha256 = sha256_file(file);
            entry.inputs_sha256 = fingerprint;
            manifest_.record(entry);
            manifest_.save(options_.out_dir);
            ++summary_.joined;
        }
    }
    const FetchSummary& summary() const { return summary_; }

private:
    void work() {
        HttpClient client(options_.http, context_.cancel);
        for (;;) {
            Job job;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [&] { return stop_ || !queue_.empty() || active_ == 0; });
                if (stop_ || queue_.empty()) {
                    wake_.notify_all();
                    return;
                }
                job = std::move(queue_.front());
                queue_.pop_front();
                ++active_;
            }
            try {
                const bool have = process(client, job);
                if (have) {
                    remember_complete(job);
                    continue_paging(job);
                }
            } catch (...) {
                std::lock_guard lock(mutex_);
                if (!error_) error_ = std::current_exception();
                stop_ = true;
            }
            std::lock_guard lock(mutex_);
            --active_;
            ++done_;
            if (progress_) progress_->update(static_cast<double>(done_));
            wake_.notify_all();
        }
    }

    // True when the job's file is there and confirmed at the end (downloaded now or before).
    bool process(HttpClient& client, const Job& job) {
        {
            std::lock_guard lock(mutex_);
            if (!claimed_.insert(job.path).second) return false;  // two areas or sources giving the same file: once
        }
        // The entry is copied under the lock; the file is hashed outside it, so that workers hash in parallel.
        std::optional<ManifestEntry> entry;
        {
            std::lock_guard lock(manifest_mutex_);
            if (const ManifestEntry* e = manifest_.find(job.path)) entry = *e;
        }
        const bool confirmed = entry && entry->url == job.url && matches_on_disk(options_.out_dir, *entry);
        if (confirmed) {
            std::lock_guard lock(mutex_);
            ++summary_.confirmed;
            return true;
        }
        return download(client, job);
    }

    // Sleeps `seconds` in short steps, so that Ctrl-C and a stop are not kept waiting.
    void pause(double seconds) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < until) {
            context_.throw_if_cancelled();
            if (stopped()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    bool stopped() {
        std::lock_guard lock(mutex_);
        return stop_;
    }

    bool download(HttpClient& client, const Job& job) {
        const std::filesystem::path final_path = options_.out_dir / job.path;
        std::filesystem::create_directories(final_path.parent_path());
        std::filesystem::path part = final_path;
        part += ".part";
        // However this ends (failure, Ctrl-C, an exception): no .part file, and no folder made for nothing.
        struct Cleanup {
            const Fetcher& fetcher;
            std::filesystem::path part;
            ~Cleanup() {
                std::error_code ec;
                std::filesystem::remove(part, ec);
                fetcher.remove_empty_folders(part.parent_path());
            }
        } cleanup{*this, part};

        std::string last_problem;
        FailureKind kind = FailureKind::other;
        Resume resume;  // a transfer that broke off (truncated, stalled) continues where it stopped on the next try
        for (int attempt = 0; attempt <= options_.retries; ++attempt) {
            if (attempt > 0) {
                std::lock_guard lock(mutex_);
                ++summary_.retried;
            }
            if (attempt > 0) pause(std::min(options_.max_backoff_s, options_.backoff_s * std::pow(2.0, attempt - 1)));
            context_.throw_if_cancelled();
            if (stopped()) return false;
            const TryResult r = client.get(job.url, part, resume);
            if (r.outcome == TryOutcome::interrupted) throw Interrupted();
            if (r.outcome == TryOutcome::ok) {
                const std::string problem = gdal_problem(part, job.format);
                if (problem.empty()) {
                    publish(job, part, final_path);
                    return true;
                }
                last_problem = "the download is damaged: " + problem;
                kind = FailureKind::other;
                resume = Resume{};  // damaged bytes are not continued: start over
                spdlog::debug("{}: {} (try {})", job.url, last_problem, attempt + 1);
                continue;
            }
            last_problem = r.message;
            kind = r.outcome == TryOutcome::unreachable ? FailureKind::unreachable : FailureKind::other;
            resume = Resume{};
            std::error_code ec;
            const std::uintmax_t have_bytes = std::filesystem::file_size(part, ec);
            if (r.outcome == TryOutcome::busy && r.http_status / 100 == 2 && !r.validator.empty() && !ec &&
                have_bytes > 0)
                resume = Resume{have_bytes, r.validator};
            spdlog::debug("{}: {} (try {})", job.url, last_problem, attempt + 1);
            if (r.outcome == TryOutcome::refused) break;
        }
        std::lock_guard lock(mutex_);
        failures_.push_back({kind, fmt::format("{} ({}): {}", job.path, job.url, last_problem)});
        // No connection at all: the other files would only wait for the same time-outs.
        if (kind == FailureKind::unreachable) stop_ = true;
        return false;
    }

    // The folders made for a download that did not come: removed again while empty (up to the data folder).
    void remove_empty_folders(std::filesystem::path folder) const {
        std::error_code ec;
        while (folder != options_.out_dir && folder.string().size() > options_.out_dir.string().size() &&
               std::filesystem::is_empty(folder, ec) && !ec) {
            std::filesystem::remove(folder, ec);
            folder = folder.parent_path();
        }
    }

    void publish(const Job& job, const std::filesystem::path& part, const std::filesystem::path& final_path) {
        ManifestEntry entry;
        entry.path = job.path;
        entry.source = job.source->id;
        entry.url = job.url;
        entry.fetched_utc = utc_now_iso8601();
        entry.licence = job.source->licence;
        entry.crs = job.source->crs;
        entry.size_bytes = std::filesystem::file_size(part);
        entry.sha256 = sha256_file(part);
        std::filesystem::rename(part, final_path);
        {
            std::lock_guard lock(manifest_mutex_);
            manifest_.record(entry);
            manifest_.save(options_.out_dir);
        }
        std::lock_guard lock(mutex_);
        ++summary_.downloaded;
        summary_.bytes_downloaded += entry.size_bytes;
    }

    // Files that are complete (now or before) are kept for the join file of their source, if it has one.
    void remember_complete(const Job& job) {
        const Source& s = *job.source;
        if (s.join.empty()) return;
        const std::string target =
            job.area ? fill_template(s.join, {{"area", job.area->name}}, s.id + ".join") : s.join;
        std::lock_guard lock(mutex_);
        Join& join = joins_[target];
        join.format = s.format;
        PendingPart& part = join.parts[source_order(s)];
        if (part.files.empty()) {
            part.layer = s.layer;
            part.crs = s.crs;
            part.licence = s.licence;
            join.source_ids += (join.source_ids.empty() ? "joined: " : ", ") + s.id;
        }
        part.files.push_back(job.path);
    }
    std::size_t source_order(const Source& s) const {
        return static_cast<std::size_t>(&s - options_.services.sources.data());
    }

    // A page that is full (startindex) or links to a next page (next-link) has a successor.
    void continue_paging(const Job& job) {
        const Source& s = *job.source;
        if (s.paging == Paging::none || job.area == nullptr) return;
        const std::filesystem::path file = options_.out_dir / job.path;
        std::optional<Job> next;
        if (s.paging == Paging::startindex) {
            const std::int64_t count = feature_count(file);
            if (count >= s.page_size) {
                next = bbox_job(s, *job.area, job.page + 1);
            } else if (const auto matched = number_matched(file);
                       matched && *matched > static_cast<long long>(job.page - 1) * s.page_size + count) {
                // A short page that is not the last: the service returns fewer than page_size features per request
                // (its own limit is lower), so stopping here would silently lose the rest.
                std::lock_guard lock(mutex_);
                failures_.push_back({FailureKind::other,
                                     fmt::format("{}: page {} of area {} holds {} features, but the service matches {} "
                                                 "and page_size is {}; its limit per request is lower: set page_size "
                                                 "to {} in the services file",
                                                 s.id, job.page, job.area->name, count, *matched, s.page_size, count)});
                return;
            }
        } else if (const auto link = next_link(file)) {
            next = bbox_job(s, *job.area, job.page + 1);
            next->url = *link;
        }
        if (!next) return;
        std::lock_guard lock(mutex_);
        if (job.page >= s.max_pages) {
            failures_.push_back({FailureKind::other, fmt::format("{}: more than max_pages = {} pages for area {}; "
                                                                 "raise max_pages or fetch a smaller area",
                                                                 s.id, s.max_pages, job.area->name)});
            return;
        }
        queue_.push_front(std::move(*next));
        wake_.notify_one();
    }

    struct PendingPart {
        std::string layer, crs, licence;
        std::vector<std::string> files;
    };
    struct Join {
        ExpectedFormat format = ExpectedFormat::vector;
        std::map<std::size_t, PendingPart> parts;  // by the sources' order in the services file
        std::string source_ids;
    };

    const FetchOptions& options_;
    const ExecutionContext& context_;
    std::map<std::string, Join> joins_;
    Manifest manifest_;
    std::mutex manifest_mutex_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    std::set<std::string> claimed_;
    int active_ = 0;
    int done_ = 0;
    bool stop_ = false;
    std::exception_ptr error_;
    std::vector<Failure> failures_;
    FetchSummary summary_;
    ProgressStage* progress_ = nullptr;
};

std::vector<const Source*> selected_sources(const FetchOptions& options) {
    for (const std::string& id : options.only_sources) {
        const bool known = std::any_of(options.services.sources.begin(), options.services.sources.end(),
                                       [&](const Source& s) { return s.id == id; });
        if (!known) {
            std::vector<std::string> ids;
            for (const Source& s : options.services.sources) ids.push_back(s.id);
            throw InputError(fmt::format("--sources: no source '{}' in {} (the sources are: {})", id,
                                         options.services.file.string(), fmt::join(ids, ", ")));
        }
    }
    std::vector<const Source*> out;
    for (const Source& s : options.services.sources) {
        if (!options.only_sources.empty() &&
            std::find(options.only_sources.begin(), options.only_sources.end(), s.id) == options.only_sources.end())
            continue;
        if (s.kind == SourceKind::tiles && s.resolution_m && options.ahn_resolution_m &&
            std::abs(*s.resolution_m - *options.ahn_resolution_m) > 1e-9)
            continue;
        out.push_back(&s);
    }
    if (out.empty()) throw InputError("no source to fetch: the selection (--sources, --ahn-resolution) leaves none");
    return out;
}

// Sources that share a join file must be joinable: all vector (a GeoPackage layer each), or one raster source alone.
void require_joinable(const std::vector<const Source*>& sources) {
    std::map<std::string, std::vector<const Source*>> by_join;
    for (const Source* s : sources)
        if (!s->join.empty()) by_join[s->join].push_back(s);
    for (const auto& [join, members] : by_join) {
        const bool raster = std::any_of(members.begin(), members.end(),
                                        [](const Source* s) { return s->format == ExpectedFormat::raster; });
        if (raster && members.size() > 1)
            throw InputError(
                fmt::format("{} and {} share the join file {}; raster tiles are joined into a VRT of their own",
                            members[0]->id, members[1]->id, join));
        std::set<std::string> layers;
        for (const Source* s : members)
            if (!layers.insert(s->layer).second)
                throw InputError(fmt::format("{}: two sources write layer '{}' of {}; give them different layer names",
                                             s->id, s->layer, join));
    }
}

[[noreturn]] void report_failures(const std::vector<Failure>& failures, const FetchOptions& options) {
    const bool offline = std::any_of(failures.begin(), failures.end(),
                                     [](const Failure& f) { return f.kind == FailureKind::unreachable; });
    std::string text =
        offline ? "the data service cannot be reached (offline, or the server is down): "
                : fmt::format("{} file{} could not be fetched: ", failures.size(), failures.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < std::min<std::size_t>(failures.size(), 5); ++i)
        text += (i ? "; " : "") + failures[i].text;
    if (failures.size() > 5) text += fmt::format("; and {} more", failures.size() - 5);
    const bool some_complete = !Manifest::load(options.out_dir).entries().empty();
    text += some_complete ? fmt::format(
                                ". Nothing half-downloaded was kept; {} lists the files that are complete, and "
                                "running the same command again fetches the rest",
                                (options.out_dir / Manifest::kFileName).string())
                          : std::string(". Nothing was kept; run the same command again when the service is back");
    throw ServiceUnavailable(text);
}

}  // namespace

FetchSummary fetch_data(const FetchOptions& options, const ExecutionContext& context) {
    if (options.areas.empty()) throw InputError("data fetch: no area (give a region file, --bbox or --polygon)");
    if (options.parallel < 1 || options.parallel > 16)
        throw InputError("--parallel must be 1 … 16 (be polite to the service)");
    std::filesystem::create_directories(options.out_dir);
    const std::vector<const Source*> sources = selected_sources(options);
    require_joinable(sources);
    Fetcher fetcher(options, context);

    // First the tile indexes, which say which tiles there are.
    std::deque<Job> indexes;
    for (const Source* s : sources)
        if (s->kind == SourceKind::tiles)
            indexes.push_back({s, s->index_url, s->index_file, ExpectedFormat::vector, nullptr, 1});
    if (!indexes.empty()) fetcher.run(std::move(indexes), "data fetch: tile indexes");
    if (!fetcher.failures().empty()) report_failures(fetcher.failures(), options);

    std::deque<Job> jobs;
    std::map<std::string, std::string> url_of_path;
    const auto add = [&](Job job) {
        const auto [it, inserted] = url_of_path.emplace(job.path, job.url);
        if (!inserted && it->second != job.url)
            throw InputError(fmt::format("{}: two downloads would write {} ({} and {}); make the file templates differ",
                                         job.source->id, job.path, it->second, job.url));
        if (inserted) jobs.push_back(std::move(job));
    };
    for (const Source* s : sources) {
        switch (s->kind) {
            case SourceKind::tiles: {
                const auto tiles =
                    tiles_for_areas(options.out_dir / s->index_file, s->tile_field, s->url_field, options.areas);
                if (tiles.empty()) spdlog::warn("{}: the tile index has no tile in the area(s)", s->id);
                for (const TileRef& tile : tiles) {
                    require_safe_tile_name(tile.name, *s);
                    Job job{s, "", "", s->format, nullptr, 1};
                    job.url = s->url.empty() ? tile.url : fill_template(s->url, {{"tile", tile.name}}, s->id + ".url");
                    job.path = fill_template(s->file, {{"tile", tile.name}}, s->id + ".file");
                    add(std::move(job));
                }
                break;
            }
            case SourceKind::bbox:
                for (const FetchArea& area : options.areas) add(bbox_job(*s, area, 1));
                break;
            case SourceKind::file:
                add({s, s->url, s->file, s->format, nullptr, 1});
                break;
        }
    }
    fetcher.run(std::move(jobs), "data fetch");
    if (!fetcher.failures().empty()) report_failures(fetcher.failures(), options);
    fetcher.join_all();
    return fetcher.summary();
}

}  // namespace wn::fetch
