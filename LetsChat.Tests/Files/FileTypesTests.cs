using System.Text;
using LetsChat.Server.Files;

namespace LetsChat.Tests.Files;

/// <summary>A file's type comes from its bytes, never from its name.</summary>
public sealed class FileTypesTests
{
    [Theory]
    [InlineData("89504E470D0A1A0A0000000D49484452", FileKind.Image, "image/png")]
    [InlineData("FFD8FFE000104A464946", FileKind.Image, "image/jpeg")]
    [InlineData("474946383961", FileKind.Image, "image/gif")]
    [InlineData("524946460000000057454250", FileKind.Image, "image/webp")]
    [InlineData("255044462D312E370A", FileKind.Pdf, "application/pdf")]
    [InlineData("504B0304140000000800", FileKind.Archive, "application/zip")]
    [InlineData("1F8B0800000000000003", FileKind.Archive, "application/gzip")]
    [InlineData("377ABCAF271C0004", FileKind.Archive, "application/x-7z-compressed")]
    public void Known_signatures_are_recognised(string hex, FileKind kind, string contentType) =>
        FileTypes.Sniff(Convert.FromHexString(hex), complete: true).ShouldBe(new FileType(kind, contentType));

    [Fact]
    public void Text_is_utf8_without_control_characters_and_a_character_may_be_cut_only_where_the_sample_ends()
    {
        var text = Encoding.UTF8.GetBytes("Grüße, 你好 👋\r\n\tcolumns\f");
        FileTypes.Sniff(text, complete: true)!.Kind.ShouldBe(FileKind.Text);
        FileTypes.Sniff(text.AsSpan()[..^1], complete: false)!.Kind.ShouldBe(FileKind.Text); // the form feed
        FileTypes.Sniff(Encoding.UTF8.GetBytes("👋").AsSpan(0, 2), complete: false)!.Kind.ShouldBe(FileKind.Text);
        FileTypes.Sniff(Encoding.UTF8.GetBytes("👋").AsSpan(0, 2), complete: true).ShouldBeNull();

        FileTypes.Sniff("MZ\x90\0\x03\0"u8, complete: true).ShouldBeNull(); // a Windows program
        FileTypes.Sniff([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00], complete: true).ShouldBeNull(); // a Linux program
        FileTypes.Sniff([0xC3, 0x28], complete: true).ShouldBeNull(); // not UTF-8
        FileTypes.Sniff("<script>\x1B[31m"u8, complete: true).ShouldBeNull();
        FileTypes.Sniff([], complete: true).ShouldBeNull();
    }
}
