package dev.llmsuite.gateway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real DNS server on a loopback UDP port, answering A and AAAA questions from a table the test
 * changes (as pods come and go behind a headless Service), NXDOMAIN for names it does not know.
 */
final class TestDnsServer implements AutoCloseable {

    private final Map<String, List<String>> records = new ConcurrentHashMap<>();
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel channel;

    TestDnsServer() throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel datagrams) {
                        datagrams.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new Answers());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The addresses (IPv4 and IPv6 literals) the name stands for from now on. */
    void set(String name, List<String> addresses) {
        records.put(name.toLowerCase(Locale.ROOT) + ".", addresses);
    }

    private final class Answers extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, DatagramDnsQuery query) throws UnknownHostException {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.addRecord(DnsSection.QUESTION, question);
            List<String> addresses = records.get(question.name().toLowerCase(Locale.ROOT));
            if (addresses == null) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            } else {
                for (String literal : addresses) {
                    byte[] address = InetAddress.getByName(literal).getAddress();
                    DnsRecordType type = address.length == 4 ? DnsRecordType.A : DnsRecordType.AAAA;
                    if (type.equals(question.type())) {
                        response.addRecord(DnsSection.ANSWER,
                                new DefaultDnsRawRecord(question.name(), type, 0, Unpooled.wrappedBuffer(address)));
                    }
                }
            }
            context.writeAndFlush(response);
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully();
    }
}
