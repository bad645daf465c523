//! The `senda` binary: parse the command line, call the library, print diagnostics and a
//! summary to stderr, and choose the exit code (0 success, 1 site errors, 2 bad usage).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use senda::cli::{BuildArgs, Cli, Command, Format};
use senda::diag::{self, Diagnostic};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
    }
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

fn build(args: BuildArgs) -> ExitCode {
    let mut opts = senda::BuildOptions::new(&args.root);
    if let Some(out) = args.output {
        opts.output = out;
    }
    opts.base_url = args.base_url;
    opts.drafts = args.drafts;
    let result = senda::build(&opts);
    let errors = result.diagnostics.error_count();
    let warnings = result.diagnostics.warning_count();
    print_diagnostics(&result.diagnostics.sorted(), args.format);
    let mut err = std::io::stderr().lock();
    match result.report {
        Some(report) => {
            let total: usize = report.pages.iter().map(|(_, n)| n).sum();
            let per_lang: Vec<String> = report
                .pages
                .iter()
                .map(|(code, n)| format!("{code} {n}"))
                .collect();
            let _ = writeln!(
                err,
                "Built {total} pages ({}) and {} files in all into {} in {:.2} s{}",
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
            ExitCode::SUCCESS
        }
        None => {
            let _ = writeln!(
                err,
                "Build failed: {errors} error(s), {warnings} warning(s). Nothing was written; the previous site is untouched."
            );
            ExitCode::from(1)
        }
    }
}
