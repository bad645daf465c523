//! The `senda` binary: parse the command line, call the library, print diagnostics and
//! summaries to stderr (reports to stdout), and choose the exit code (0 success, 1 the site
//! has errors, 2 bad usage).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use senda::cli::{
    BuildArgs, CheckArgs, Cli, Command, Format, NewArgs, ServeArgs, StatusArgs, StatusFormat,
};
use senda::diag::{self, Diagnostic, Diagnostics};
use senda::fs::SiteFiles;

/// How a run ended (SPEC §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    Success,
    /// The site has errors (bad content, templates, links).
    SiteErrors,
    /// Bad usage (clap exits with 2 on its own for unknown flags).
    Usage,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        match e {
            Exit::Success => ExitCode::SUCCESS,
            Exit::SiteErrors => ExitCode::from(1),
            Exit::Usage => ExitCode::from(2),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let exit = match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Status(args) => status(args),
        Command::New(args) => new(args),
        Command::Serve(args) => serve(args),
    };
    exit.into()
}

fn print_diagnostics(list: &[Diagnostic], format: Format) {
    match format {
        Format::Json => println!("{}", diag::to_json(list)),
        Format::Text => {
            let mut err = std::io::stderr().lock();
            for d in list {
                let _ = writeln!(err, "{}", d.render());
            }
        }
    }
}

/// A progress bar on a terminal; nothing otherwise (the summary line follows).
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = indicatif::ProgressBar::hidden();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages") {
            bar.set_style(style);
        }
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(120));
        Bar(Some(bar))
    }
}

impl senda::Progress for Bar {
    fn start(&self, total: usize) {
        if let Some(b) = &self.0 {
            b.set_length(total as u64);
        }
    }
    fn tick(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

fn build(args: BuildArgs) -> Exit {
    if args.zim {
        return build_zim(args);
    }
    let format = args.format;
    let opts = senda::BuildOptions::from(args);
    let result = senda::build_with_progress(&opts, &Bar::new());
    let errors = result.diagnostics.error_count();
    let warnings = result.diagnostics.warning_count();
    print_diagnostics(&result.diagnostics.sorted(), format);
    let mut err = std::io::stderr().lock();
    match result.report {
        Some(report) => {
            if std::env::var_os("SENDA_TIMINGS").is_some() {
                for (phase, d) in &report.timings.phases {
                    let _ = writeln!(err, "  {:>7.1} ms  {phase}", d.as_secs_f64() * 1000.0);
                }
            }
            let total: usize = report.pages.iter().map(|(_, n)| n).sum();
            let per_lang: Vec<String> = report
                .pages
                .iter()
                .map(|(code, n)| format!("{code} {n}"))
                .collect();
            let m = &report.media;
            let mut media = String::new();
            if m.images > 0 {
                media.push_str(&format!(
                    "; {} image(s), {} file(s) encoded, {} from the cache",
                    m.images, m.encoded, m.cached
                ));
            }
            if m.audio > 0 {
                media.push_str(&format!(
                    "; {} page(s) with audio, {} synthesised",
                    m.audio, m.synthesized
                ));
            }
            let _ = writeln!(
                err,
                "Built {total} pages ({}) and {} files in all into {} in {:.2} s{media}{}",
                per_lang.join(", "),
                report.files,
                report.output.display(),
                report.elapsed.as_secs_f64(),
                if warnings > 0 {
                    format!(", with {warnings} warning(s)")
                } else {
                    String::new()
                }
            );
            Exit::Success
        }
        None => {
            let _ = writeln!(
                err,
                "Build failed: {errors} error(s), {warnings} warning(s). Nothing was written; the previous site is untouched."
            );
            Exit::SiteErrors
        }
    }
}

/// `senda build --zim`: one ZIM file per language.
fn build_zim(args: BuildArgs) -> Exit {
    let format = args.format;
    let mut opts = senda::zim::options(&args.root);
    if let Some(out) = args.output {
        opts.output = out;
    }
    opts.load.base_url = args.base_url;
    opts.load.drafts = args.drafts;
    let result = senda::zim::build(&opts);
    let errors = result.diagnostics.error_count();
    let warnings = result.diagnostics.warning_count();
    print_diagnostics(&result.diagnostics.sorted(), format);
    let mut err = std::io::stderr().lock();
    let Some(report) = result.report else {
        let _ = writeln!(
            err,
            "Build failed: {errors} error(s), {warnings} warning(s). Nothing was written; the previous ZIM files are untouched."
        );
        return Exit::SiteErrors;
    };
    if std::env::var_os("SENDA_TIMINGS").is_some() {
        for (phase, d) in &report.timings.phases {
            let _ = writeln!(err, "  {:>7.1} ms  {phase}", d.as_secs_f64() * 1000.0);
        }
    }
    let _ = writeln!(
        err,
        "Built {} ZIM file(s) into {} in {:.2} s{}:",
        report.files.len(),
        report.output.display(),
        report.elapsed.as_secs_f64(),
        if warnings > 0 {
            format!(", with {warnings} warning(s)")
        } else {
            String::new()
        }
    );
    for f in &report.files {
        let name = f.path.file_name().unwrap_or_default().to_string_lossy();
        let size = if f.bytes >= 1_048_576 {
            format!("{:.1} MB", f.bytes as f64 / 1_048_576.0)
        } else {
            format!("{} KB", f.bytes.div_ceil(1024))
        };
        let _ = writeln!(
            err,
            "  {name}  {size}, {} files, language {}",
            f.entries, f.iso639_3
        );
    }
    Exit::Success
}

fn check(args: CheckArgs) -> Exit {
    let report = senda::check::check_report(&senda::CheckOptions::from(&args));
    let diags = report.diagnostics;
    let errors = diags.error_count();
    let warnings = diags.warning_count();
    print_diagnostics(&diags.sorted(), args.format);
    if args.format == Format::Text {
        if !report.weights.is_empty() {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "Pages with images (HTML + CSS gzip, and the images a 360 px wide phone downloads):"
            );
            for w in &report.weights {
                let _ = writeln!(err, "  {}", w.line());
            }
        }
        let _ = writeln!(
            std::io::stderr(),
            "{}: {errors} error(s), {warnings} warning(s).",
            if errors == 0 {
                "Check passed"
            } else {
                "Check failed"
            }
        );
    }
    if errors > 0 {
        Exit::SiteErrors
    } else {
        Exit::Success
    }
}

fn load_or_report(root: &std::path::Path) -> Option<senda::Loaded> {
    let mut diags = Diagnostics::new();
    let opts = senda::LoadOptions {
        base_url: None,
        drafts: false,
        edition: senda::Edition::Web,
        today: senda::date::Date::today(),
    };
    let loaded = senda::load(SiteFiles::disk(root), &opts, &mut diags);
    if diags.has_errors() || loaded.is_none() {
        print_diagnostics(&diags.sorted(), Format::Text);
        let _ = writeln!(
            std::io::stderr(),
            "The site has errors: run `senda check` for details."
        );
        return None;
    }
    loaded
}

fn status(args: StatusArgs) -> Exit {
    let Some(loaded) = load_or_report(&args.root) else {
        return Exit::SiteErrors;
    };
    let site = &loaded.site;
    let only = match &args.lang {
        None => None,
        Some(code) => match site.config.language_index(code) {
            Some(i) => Some(i),
            None => {
                let _ = writeln!(
                    std::io::stderr(),
                    "error: `{code}` is not one of the site's languages"
                );
                return Exit::Usage;
            }
        },
    };
    let s = senda::status::status(site, only);
    let out = match args.format {
        StatusFormat::Text => senda::status::to_text(&s),
        StatusFormat::Json => senda::status::to_json(&s),
        StatusFormat::Html => senda::status::to_html(&s),
    };
    print!("{out}");
    Exit::Success
}

fn new(args: NewArgs) -> Exit {
    let mut diags = Diagnostics::new();
    let Some(config) = senda::config::load(&SiteFiles::disk(&args.root), &mut diags) else {
        print_diagnostics(&diags.sorted(), Format::Text);
        return Exit::SiteErrors;
    };
    let opts = senda::NewOptions::from(args);
    match senda::scaffold::new(&opts, &config) {
        Ok(created) => {
            let msg = match created {
                senda::scaffold::Created::Page(p) => format!("Created {}", diag::display_path(&p)),
                senda::scaffold::Created::Translation(p) => format!(
                    "Created {} (a copy of the source to translate; its source_hash is recorded)",
                    diag::display_path(&p)
                ),
                senda::scaffold::Created::Refreshed(p, h) => {
                    format!("Updated source_hash of {} to {h}", diag::display_path(&p))
                }
            };
            let _ = writeln!(std::io::stderr(), "{msg}");
            Exit::Success
        }
        Err(e) => {
            let d = Diagnostic::error(&e, diag::Location::default());
            print_diagnostics(&[d], Format::Text);
            Exit::SiteErrors
        }
    }
}

fn serve(args: ServeArgs) -> Exit {
    let opts = senda::ServeOptions::from(args);
    match senda::serve::serve(&opts, &mut std::io::stderr()) {
        Ok(()) => Exit::Success,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            Exit::SiteErrors
        }
    }
}
