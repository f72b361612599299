#!/usr/bin/perl
# tmpl-extract.pl — the {{_ text}} strings of templates, as a .pot file that
# msgcat joins with xgettext's (see po/update.sh). The msgid is what the
# template compiler keeps: the text between "{{" "_" and "}}" (and before a
# "|" that names fields), with spaces, tabs and line ends trimmed at both
# ends. Usage: tmpl-extract.pl SRCDIR FILE...
use strict;
use warnings;

my $srcdir = shift @ARGV;
my (%refs, %format, @order);
for my $file (@ARGV) {
	open(my $fh, '<', "$srcdir/$file") or die "$file: $!\n";
	local $/;
	my $text = <$fh>;
	close $fh;
	while ($text =~ /\{\{[ \t\r\n]*_(.*?)\}\}/gs) {
		my $msgid = $1;
		my $line = 1 + (substr($text, 0, $-[0]) =~ tr/\n//);
		# "text | field field": the text is the msgid, with printf
		# placeholders msgfmt --check compares in each translation.
		my $fields = ($msgid =~ s/\|([^|]*)$//) ? 1 : 0;
		$msgid =~ s/^[ \t\r\n]+//;
		$msgid =~ s/[ \t\r\n]+$//;
		next if $msgid eq '';
		push @order, $msgid unless exists $refs{$msgid};
		push @{$refs{$msgid}}, "$file:$line";
		$format{$msgid} = 1 if $fields;
	}
}
sub po_quote {
	my $s = shift;
	$s =~ s/\\/\\\\/g;
	$s =~ s/"/\\"/g;
	$s =~ s/\t/\\t/g;
	$s =~ s/\r/\\r/g;
	$s =~ s/\n/\\n/g;
	return "\"$s\"";
}
print "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n";
for my $msgid (@order) {
	print "#: ", join(' ', @{$refs{$msgid}}), "\n";
	print "#, c-format\n" if $format{$msgid};
	print "msgid ", po_quote($msgid), "\nmsgstr \"\"\n\n";
}
