//! A damaged snapshot is never read silently: whatever a query reads is
//! checked (a view's footer when it is opened, each column chunk as it is
//! read), by default and with `--no-verify`, and the error names the view and
//! the file. What a query does not read does not stop it.

use crate::preview::demo_snapshot;
use crate::support::{stderr, stdout, wqlkit};
use datafusion::parquet::file::metadata::ParquetMetaDataReader;
use std::path::{Path, PathBuf};

/// Reads `SMS_G_System_OPERATING_SYSTEM.Caption` (`v_GS_OPERATING_SYSTEM.Caption0`).
const READS_OS: &str = "select SMS_R_System.Name from SMS_R_System inner join SMS_G_System_OPERATING_SYSTEM \
     on SMS_G_System_OPERATING_SYSTEM.ResourceID = SMS_R_System.ResourceId \
     where SMS_G_System_OPERATING_SYSTEM.Caption like 'Microsoft Windows 1%'";
/// Reads no inventory.
const READS_SYSTEM: &str = "select Name from SMS_R_System where Client = 1";

const OS_FILE: &str = "v_GS_OPERATING_SYSTEM.parquet";

/// A copy of the demo snapshot to damage.
fn copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wqlkit-integrity-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for entry in std::fs::read_dir(demo_snapshot()).expect("demo snapshot") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
    dir
}

/// The byte ranges (dictionary page start, data page start, chunk end) of
/// column `column` in the first row group of the Parquet file at `path`.
fn pages_of(path: &Path, column: &str) -> (u64, u64, u64) {
    let file = std::fs::File::open(path).expect("open");
    let meta = ParquetMetaDataReader::new().parse_and_finish(&file).expect("footer");
    let rg = meta.row_group(0);
    let i = (0..rg.num_columns())
        .find(|&i| rg.column(i).column_descr().name() == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    let c = rg.column(i);
    let dict = c.dictionary_page_offset().expect("a dictionary page") as u64;
    let (start, len) = c.byte_range();
    (dict, c.data_page_offset() as u64, start + len)
}

fn zero(path: &Path, at: u64, n: usize) {
    let mut bytes = std::fs::read(path).expect("read");
    let at = at as usize;
    bytes[at..at + n].fill(0);
    std::fs::write(path, bytes).expect("write");
}

/// Runs a preview count of `query` on `dir`, with `--no-verify` or not.
fn count(dir: &Path, query: &str, no_verify: bool) -> std::process::Output {
    let d = dir.to_string_lossy().into_owned();
    let mut args = vec!["preview", "--count", "--snapshot", &d, query];
    if no_verify {
        args.push("--no-verify");
    }
    wqlkit(&args, None)
}

/// Both ways of opening refuse `query` on `dir`, naming the view and the file
/// (and `also`, when given), and `snapshot verify` names it too.
fn refused(dir: &Path, query: &str, also: &str) {
    for no_verify in [false, true] {
        let out = count(dir, query, no_verify);
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "no_verify {no_verify}: {}{err}",
            stdout(&out)
        );
        assert!(err.contains(OS_FILE) && err.contains("v_GS_OPERATING_SYSTEM"), "{err}");
        assert!(err.contains(also), "{err}");
        assert!(
            stdout(&out).is_empty(),
            "nothing is printed from damaged data: {}",
            stdout(&out)
        );
    }
    let out = wqlkit(&["snapshot", "verify", &dir.to_string_lossy()], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(OS_FILE), "{}", stderr(&out));
}

/// The snapshot still answers queries that do not read the damaged view.
fn others_read(dir: &Path) {
    for no_verify in [false, true] {
        let out = count(dir, READS_SYSTEM, no_verify);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            stdout(&out).trim().parse::<u64>().is_ok_and(|n| n > 0),
            "{}",
            stdout(&out)
        );
    }
}

#[test]
fn zeroed_bytes_in_a_data_page_are_an_error_naming_the_row_group() {
    let dir = copy("data-page");
    let baseline = count(&dir, READS_OS, false);
    assert_eq!(baseline.status.code(), Some(0), "{}", stderr(&baseline));
    let file = dir.join(OS_FILE);
    let (_, data, end) = pages_of(&file, "Caption0");
    zero(&file, data + (end - data) / 2, 64.min((end - data) as usize / 2));
    refused(&dir, READS_OS, "row group 0, column Caption0");
    others_read(&dir);
}

#[test]
fn zeroed_bytes_in_a_dictionary_page_are_an_error() {
    let dir = copy("dictionary-page");
    let file = dir.join(OS_FILE);
    let (dict, data, _) = pages_of(&file, "Caption0");
    zero(&file, dict + (data - dict) / 2, 16);
    refused(&dir, READS_OS, "column Caption0");
    others_read(&dir);
}

#[test]
fn a_damaged_footer_a_truncated_file_and_a_file_of_another_view_are_errors() {
    let dir = copy("footer");
    let file = dir.join(OS_FILE);
    let len = std::fs::metadata(&file).expect("size").len();
    zero(&file, len - 200, 64);
    refused(&dir, READS_OS, "footer");
    others_read(&dir);

    let dir = copy("truncated");
    let file = dir.join(OS_FILE);
    let bytes = std::fs::read(&file).expect("read");
    std::fs::write(&file, &bytes[..bytes.len() - 100]).expect("truncate");
    refused(&dir, READS_OS, "truncated");
    others_read(&dir);

    let dir = copy("swapped");
    std::fs::copy(dir.join("v_GS_COMPUTER_SYSTEM.parquet"), dir.join(OS_FILE)).expect("swap");
    refused(&dir, READS_OS, "v_GS_OPERATING_SYSTEM");
    others_read(&dir);
}

#[test]
fn opening_a_snapshot_reads_only_what_a_query_needs() {
    // Without one view's file, queries that do not read it still run.
    let dir = copy("missing");
    std::fs::remove_file(dir.join(OS_FILE)).expect("remove");
    others_read(&dir);
    refused(&dir, READS_OS, "missing");
}
